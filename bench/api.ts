import { randomUUID } from 'node:crypto';
import path from 'node:path';
import autocannon from 'autocannon';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { routes } from '../lib/api/routes';
import type { Principal } from '../lib/auth/principal';
import { documentClientFor, dynamoClientFor } from '../lib/deps/dynamodb';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { enrolment, startApi, supervisor, worker, type TestApi } from '../test/integration/harness';
import { CONTRACT_FLOOR, floorSteps, TIMED_ROUTES } from './contract-floor';
import { benchCpu, CPU_RUNS, medianOfRuns, type CpuSample, type RouteCpu } from './cpu';
import { documentCommand, DynamoMeter, replayable, type RecordedCall } from './meter';
import { percentiles, ratio, round1, type Percentiles } from './stats';

/** What one request of a route costs in DynamoDB, and the calls it made. */
export interface RouteCost {
  operationId: string;
  status: number;
  roundTrips: number;
  calls: string[];
  capacityUnits: number;
}

export interface RouteLatency {
  operationId: string;
  requests: number;
  failed: number;
  statuses: Record<string, number>;
  throughput: number;
  latencyMs: Percentiles;
  /** The route's own calls replayed one after another. `refused`: replayed calls DynamoDB refused (should be none). */
  floor: Floor;
  ratio: Ratios;
  /** The least its contract requires (bench/contract-floor.ts): its steps, the calls of a step issued together. */
  contractFloor: Floor & { steps: number };
  contractRatio: Ratios;
}

interface Floor {
  roundTrips: number;
  refused: number;
  throughput: number;
  latencyMs: Percentiles;
}

interface Ratios {
  p50: number;
  p95: number;
  p99: number;
}

const ratios = (measured: Percentiles, floor: Percentiles): Ratios => ({
  p50: ratio(measured.p50, floor.p50),
  p95: ratio(measured.p95, floor.p95),
  p99: ratio(measured.p99, floor.p99),
});

interface Sample {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Scenario {
  operationId: keyof typeof routes;
  token: string;
  /** The i-th request of the route; different for each i where a repeat would be refused (a case code). */
  sample(i: number): Sample;
}

export interface ApiBenchOptions {
  connections: number;
  durationSeconds: number;
  children: number;
}

const ROOT = path.resolve(__dirname, '..');
const TODAY = '2026-06-20';
/** Medium risk, enrolled 100 days before TODAY: checkpoints 1 and 2 are past grace, so the sweep flags them. */
const ENROLLED_ON = '2026-03-12';
/** Requests of each timed route whose CPU is measured against replayed answers (bench/cpu.ts). */
const CPU_ITERATIONS = 3_000;

const visit = (i: number) => ({
  visitedOn: TODAY,
  contactType: 'home',
  assessments: { education: { level: i % 2 ? 'stable' : 'at_risk' } },
  childView: { rating: 4 },
});

/** Enrols `count` children through the API, runs the sweep and lets the stream consumers catch up. */
async function seed(api: TestApi, tokens: Record<string, string>, count: number) {
  const children: Array<{ childId: string; checkpointIds: string[] }> = [];
  for (let i = 0; i < count; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, count - i) }, async () => {
        const response = await api.request<{ child: { childId: string }; checkpoints: Array<{ checkpointId: string }> }>(
          'POST',
          '/children',
          { token: tokens.worker!, body: enrolment({ enrolledOn: ENROLLED_ON }) },
        );
        if (response.status !== 201) throw new Error(`seed enrol: ${response.status}`);
        return { childId: response.body.child.childId, checkpointIds: response.body.checkpoints.map((c) => c.checkpointId) };
      }),
    );
    children.push(...batch);
  }
  const swept = await api.request('POST', '/sweeps', { token: tokens.admin! });
  if (swept.status !== 200) throw new Error(`seed sweep: ${swept.status}`);
  await api.request('GET', '/local/outbox');
  const flags = await api.request<{ items: Array<{ flagId: string }> }>('GET', '/flags?limit=100', { token: tokens.officer! });
  const toUpdate = children[children.length - 2]!.childId;
  const read = await api.request<{ version: number }>('GET', `/children/${toUpdate}`, { token: tokens.worker! });
  return { children, flagIds: flags.body.items.map((f) => f.flagId), version: read.body.version };
}

/** Every data route with a realistic request; the first five are also timed under load. */
function scenarios(tokens: Record<string, string>, data: Awaited<ReturnType<typeof seed>>): Scenario[] {
  const { children, flagIds, version } = data;
  const child = (i: number) => children[i % children.length]!;
  const flag = (i: number) => flagIds[i % flagIds.length]!;
  const last = children.length - 1;
  return [
    { operationId: 'enrolChild', token: tokens.worker!, sample: () => ({ path: '/children', body: enrolment({ enrolledOn: ENROLLED_ON }) }) },
    {
      operationId: 'logVisit',
      token: tokens.worker!,
      // Each with its own idempotency key, as the field app sends; spread over the caseload.
      sample: (i) => ({ path: `/children/${child(i).childId}/visits`, body: visit(i), headers: { 'idempotency-key': randomUUID() } }),
    },
    { operationId: 'getChild', token: tokens.worker!, sample: (i) => ({ path: `/children/${child(i).childId}` }) },
    { operationId: 'listFlags', token: tokens.officer!, sample: () => ({ path: '/flags' }) },
    { operationId: 'getOutcomes', token: tokens.evaluator!, sample: () => ({ path: '/outcomes' }) },
    { operationId: 'listChildren', token: tokens.worker!, sample: () => ({ path: '/children' }) },
    { operationId: 'listCheckpoints', token: tokens.worker!, sample: (i) => ({ path: `/children/${child(i).childId}/checkpoints` }) },
    { operationId: 'getAgenda', token: tokens.worker!, sample: () => ({ path: '/agenda' }) },
    { operationId: 'listVisits', token: tokens.worker!, sample: (i) => ({ path: `/children/${child(i).childId}/visits` }) },
    { operationId: 'getTimeline', token: tokens.worker!, sample: (i) => ({ path: `/children/${child(i).childId}/timeline` }) },
    { operationId: 'getAuditTrail', token: tokens.supervisor!, sample: (i) => ({ path: `/children/${child(i).childId}/audit` }) },
    { operationId: 'getFlag', token: tokens.officer!, sample: (i) => ({ path: `/flags/${flag(i)}` }) },
    { operationId: 'acknowledgeFlag', token: tokens.officer!, sample: () => ({ path: `/flags/${flag(0)}/acknowledgement`, body: { note: 'Called the school.' } }) },
    { operationId: 'resolveFlag', token: tokens.officer!, sample: () => ({ path: `/flags/${flag(1)}/resolution`, body: { note: 'Re-enrolled at school.' } }) },
    {
      operationId: 'updateCheckpoint',
      token: tokens.worker!,
      sample: () => ({ path: `/children/${child(last).childId}/checkpoints/${child(last).checkpointIds[4]}`, body: { action: 'cancel', reason: 'Family moved; visit planned with the new school instead.' } }),
    },
    { operationId: 'updateChild', token: tokens.worker!, sample: () => ({ path: `/children/${child(last - 1).childId}`, body: { version, riskLevel: 'high' } }) },
    { operationId: 'closeChild', token: tokens.worker!, sample: () => ({ path: `/children/${child(last - 2).childId}/closure`, body: { reason: 'reintegrated', outcome: 'reintegrated' } }) },
    {
      operationId: 'grantEmergencyAccess',
      token: tokens.outsider!,
      sample: () => ({ path: `/children/${child(last - 3).childId}/emergency-access`, body: { reason: 'The case worker is absent and the child reported danger today.' } }),
    },
    { operationId: 'exportOutcomes', token: tokens.evaluator!, sample: () => ({ path: '/outcomes/export' }) },
    { operationId: 'getOutcomesReport', token: tokens.evaluator!, sample: () => ({ path: '/outcomes/report' }) },
    { operationId: 'runSweep', token: tokens.admin!, sample: () => ({ path: '/sweeps' }) },
    // The municipalities the children live in are put by startApi (test/integration/harness.ts) before the seed.
    { operationId: 'putMunicipality', token: tokens.admin!, sample: () => ({ path: '/municipalities/skopje', body: { name: 'Skopje' } }) },
    { operationId: 'listMunicipalities', token: tokens.officer!, sample: () => ({ path: '/municipalities' }) },
  ];
}

async function send(api: TestApi, scenario: Scenario, i: number) {
  const { path, body, headers } = scenario.sample(i);
  return api.request(routes[scenario.operationId].method, path, { token: scenario.token, body, ...(headers ? { headers } : {}) });
}

/** One request of the route, metered: its round trips and capacity units. */
async function costOf(api: TestApi, meter: DynamoMeter, scenario: Scenario): Promise<RouteCost & { recorded: RecordedCall[] }> {
  meter.reset();
  const response = await send(api, scenario, 7);
  const recorded = meter.calls;
  return {
    operationId: scenario.operationId,
    status: response.status,
    roundTrips: recorded.length,
    calls: recorded.map((c) => c.command.replace(/Command$/, '')),
    capacityUnits: round1(meter.capacityUnits),
    recorded,
  };
}

/** The sample index of the next request sent under load: every block of every route goes on from the last one. */
let nextSample = 1_000;

/** One block of load on the route at a fixed number of connections: each response's time, and those not 2xx. */
async function load(api: TestApi, scenario: Scenario, connections: number, seconds: number) {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  const route = routes[scenario.operationId];
  const settings: autocannon.Options = {
    url: api.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: route.method,
        setupRequest: (request) => {
          const { path, body, headers } = scenario.sample((nextSample += 1));
          return {
            ...request,
            path,
            headers: { ...headers, authorization: `Bearer ${scenario.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { body: JSON.stringify(body) } : {}),
          };
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(settings, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
  return { times, failed: result.non2xx + result.errors, statuses };
}

/**
 * One block of a floor: DynamoDB calls replayed on a bare client from this process, step after step, the calls of a
 * step issued together, at the same concurrency, their conditions taken out so that replayed writes do the write
 * (`replayable`). `refused` counts calls DynamoDB still refused.
 */
async function floor(client: DynamoDBDocumentClient, steps: ReadonlyArray<readonly RecordedCall[]>, connections: number, seconds: number) {
  const replayed = steps.map((step) => step.map(replayable));
  const times: number[] = [];
  let refused = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        const started = performance.now();
        for (const step of replayed) {
          await Promise.all(step.map((call) => client.send(documentCommand(call)).catch(() => (refused += 1))));
        }
        times.push(performance.now() - started);
      }
    }),
  );
  return { times, refused };
}

/**
 * How many blocks a route's time is cut into, taking turns with its floors' blocks: a drift of the machine or of
 * DynamoDB Local's JVM over the minute a route takes falls on the route and its floors alike, rather than on whichever
 * ran last (one after another, a route's ratio to its floor moved by a third from run to run).
 */
const LOAD_BLOCKS = 5;

/**
 * The timed routes' handlers as Lambda would load them, with one sample request each, the scenario's `index`th: each
 * run of a write needs a sample of its own (a new case code, a visit to another child).
 */
async function cpuSamples(scenarios: readonly Scenario[], operationIds: readonly string[] = TIMED_ROUTES, index = 5_000): Promise<CpuSample[]> {
  return Promise.all(
    TIMED_ROUTES.filter((operationId) => operationIds.includes(operationId)).map(async (operationId) => {
      const scenario = scenarios.find((s) => s.operationId === operationId)!;
      const route = routes[operationId];
      const module = (await import(path.join(ROOT, route.handler))) as { handler: CpuSample['handler'] };
      return { route, handler: module.handler, token: scenario.token, ...scenario.sample(index) };
    }),
  );
}

const principals: Record<string, Principal> = {
  worker: worker('worker-1', 'org-1'),
  supervisor: supervisor('supervisor-1', 'org-1'),
  outsider: supervisor('supervisor-9', 'org-9'),
  officer: { role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje'] },
  evaluator: { role: 'evaluator', sub: 'evaluator-1' },
  admin: { role: 'admin', sub: 'admin-1' },
};

/** The local runtime on an in-memory DynamoDB Local with `children` enrolled and swept, its stream consumers stopped. */
async function withSeededApi<T>(children: number, run: (api: TestApi, endpoint: string, all: Scenario[]) => Promise<T>): Promise<T> {
  const database = await startDynamoDbLocal({ inMemory: true });
  const api = await startApi({ dynamodbEndpoint: database.endpoint });
  try {
    await api.setClock(`${TODAY}T09:00:00Z`);
    const tokens = Object.fromEntries(
      await Promise.all(Object.entries(principals).map(async ([name, p]) => [name, await api.tokenFor(p)] as const)),
    );
    const data = await seed(api, tokens, children);
    // The stream consumers run on their own functions in the cloud; here they would share this process's CPU.
    await Promise.all(api.runtime.streamPollers.map((poller) => poller.stop()));
    return await run(api, database.endpoint, scenarios(tokens, data));
  } finally {
    await api.close();
    await database.stop();
  }
}

/** Product CPU per request of the timed routes alone (`npm run bench:cpu`), on a small caseload. */
export function benchRouteCpu(children: number, iterations: number, operationIds: readonly string[]): Promise<RouteCpu[]> {
  return withSeededApi(children, async (api, endpoint, all) => benchCpu(api.runtime.deps, endpoint, await cpuSamples(all, operationIds), iterations));
}

/**
 * The API through the local HTTP runtime on an in-memory DynamoDB Local: the cost of one request of every
 * data route, then the latency of the five busiest routes under load against their floor.
 */
export function benchApi(options: ApiBenchOptions): Promise<{ costs: RouteCost[]; latency: RouteLatency[]; cpu: ReturnType<typeof medianOfRuns> }> {
  return withSeededApi(options.children, async (api, endpoint, all) => {
    const meter = new DynamoMeter(api.runtime.deps.db.table.getDocumentClient());
    const costs = [];
    for (const scenario of all) costs.push(await costOf(api, meter, scenario));

    const latency: RouteLatency[] = [];
    const { connections, durationSeconds } = options;
    const block = durationSeconds / LOAD_BLOCKS;
    for (const operationId of TIMED_ROUTES) {
      const scenario = all.find((s) => s.operationId === operationId)!;
      const { recorded } = costs.find((c) => c.operationId === operationId)!;
      const ownSteps = recorded.map((call) => [call]);
      const contractSteps = floorSteps(CONTRACT_FLOOR[operationId], recorded);
      const client = documentClientFor(dynamoClientFor({ dynamodbEndpoint: endpoint, region: 'eu-central-1' }));
      // Warm-up: JIT, connection pools, DynamoDB Local's compiler.
      await load(api, scenario, connections, 2);
      await floor(client, contractSteps, connections, 1);
      const measured = { times: [] as number[], failed: 0, statuses: {} as Record<string, number> };
      const own = { times: [] as number[], refused: 0 };
      const contract = { times: [] as number[], refused: 0 };
      for (let i = 0; i < LOAD_BLOCKS; i += 1) {
        const routeBlock = await load(api, scenario, connections, block);
        measured.times.push(...routeBlock.times);
        measured.failed += routeBlock.failed;
        for (const [status, count] of Object.entries(routeBlock.statuses)) measured.statuses[status] = (measured.statuses[status] ?? 0) + count;
        for (const [into, steps] of [[own, ownSteps], [contract, contractSteps]] as const) {
          const floorBlock = await floor(client, steps, connections, block);
          into.times.push(...floorBlock.times);
          into.refused += floorBlock.refused;
        }
      }
      client.destroy();
      const latencyMs = percentiles(measured.times);
      const ownMs = percentiles(own.times);
      const contractMs = percentiles(contract.times);
      const perSecond = (times: readonly number[]) => Math.round(times.length / durationSeconds);
      latency.push({
        operationId,
        requests: measured.times.length,
        failed: measured.failed,
        statuses: measured.statuses,
        throughput: perSecond(measured.times),
        latencyMs,
        floor: { roundTrips: recorded.length, refused: own.refused, throughput: perSecond(own.times), latencyMs: ownMs },
        ratio: ratios(latencyMs, ownMs),
        contractFloor: {
          roundTrips: contractSteps.flat().length,
          steps: contractSteps.length,
          refused: contract.refused,
          throughput: perSecond(contract.times),
          latencyMs: contractMs,
        },
        contractRatio: ratios(latencyMs, contractMs),
      });
    }
    const runs: RouteCpu[][] = [];
    for (let run = 0; run < CPU_RUNS; run += 1) runs.push(await benchCpu(api.runtime.deps, endpoint, await cpuSamples(all, TIMED_ROUTES, 5_000 + run), CPU_ITERATIONS));
    const cpu = medianOfRuns(runs);
    return { costs: costs.map(({ recorded: _recorded, ...cost }) => cost), latency, cpu };
  });
}
