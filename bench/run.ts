import './quiet';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { benchApi, type RouteCost, type RouteLatency } from './api';
import { benchBundles, type BundleResults } from './bundles';
import { CONTRACT_FLOOR } from './contract-floor';
import { CPU_RUNS, type medianOfRuns } from './cpu';
import { benchGrowth, type GrowthPoint } from './growth';
import { MINIMUM_COST } from './minimum-cost';
import { benchOutside, type OutsideResult } from './outside';

/**
 * `npm run bench`: latency against the DynamoDB floor, bundle size and load time, DynamoDB cost per route, and
 * growth of the sweep and the outcomes read. Writes bench/results.json and bench/results.md, and puts the
 * table in the README between its bench markers.
 */

const settings = z
  .object({
    BENCH_CONNECTIONS: z.coerce.number().int().positive().default(8),
    BENCH_SECONDS: z.coerce.number().int().positive().default(10),
    BENCH_CHILDREN: z.coerce.number().int().positive().default(200),
    BENCH_IMPORT_RUNS: z.coerce.number().int().positive().default(31),
    BENCH_OUTSIDE_REQUESTS: z.coerce.number().int().positive().default(2_000),
    BENCH_SCALES: z
      .string()
      .default('1000,10000,100000')
      .transform((s) => s.split(',').map(Number)),
  })
  .parse(process.env);

const ROOT = path.resolve(__dirname, '..');
/** Issue 19: latency against the contract's floor, cold load against the bare client, product CPU beyond the SDK. */
const TARGETS = { outsideP50: 1.5, latencyP50: 1.2, latencyP99: 2, bundleBytes: 300 * 1024, importRatio: 1.2, productCpuUs: 500, growthRatio: 2 };

const mark = (ok: boolean) => (ok ? '✅' : '❌ missed');
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

interface Results {
  ranAt: string;
  machine: ReturnType<typeof machine>;
  settings: typeof settings;
  seconds: number;
  latency: RouteLatency[];
  outside: OutsideResult;
  cpu: ReturnType<typeof medianOfRuns>;
  bundles: BundleResults;
  costs: RouteCost[];
  growth: GrowthPoint[];
}

/** `Query ×16, GetItem` rather than sixteen names in a row. */
function callSummary(calls: readonly string[]): string {
  const runs: Array<{ call: string; times: number }> = [];
  for (const call of calls) {
    const last = runs.at(-1);
    if (last?.call === call) last.times += 1;
    else runs.push({ call, times: 1 });
  }
  return runs.map(({ call, times }) => (times > 1 ? `${call} ×${times}` : call)).join(', ');
}

function markdown(r: Results): string {
  const m = r.machine;
  const lines = [
    `Measured ${r.ranAt.slice(0, 16).replace('T', ' ')} UTC on ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; ` +
      `${r.settings.BENCH_CONNECTIONS} connections × ${r.settings.BENCH_SECONDS} s per route; the whole run took ${Math.round(r.seconds / 60)} min.`,
    '',
    '**1. Latency** through the local HTTP runtime (autocannon), against two floors replayed raw from the same process at the same concurrency: ' +
      'the least its contract requires (bench/contract-floor.ts: a read is one round trip with its audit record alongside, independent calls go together), ' +
      'and the calls the route makes today one after another; the route and its floors take turns in blocks. Target against the contract: p50 ≤ 1.2×, p99 ≤ 2×.',
    '',
    '| Route | req/s | p50 ms | p99 ms | contract floor p50 / p99 ms (steps: calls) | p50 × | p99 × | own calls p50 / p99 ms (calls) | p50 × | p99 × | Target |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...r.latency.map(
      (l) =>
        `| ${l.operationId} | ${l.throughput} | ${l.latencyMs.p50} | ${l.latencyMs.p99} | ` +
        `${l.contractFloor.latencyMs.p50} / ${l.contractFloor.latencyMs.p99} (${l.contractFloor.steps}: ${l.contractFloor.roundTrips}) | ${l.contractRatio.p50} | ${l.contractRatio.p99} | ` +
        `${l.floor.latencyMs.p50} / ${l.floor.latencyMs.p99} (${l.floor.roundTrips}) | ${l.ratio.p50} | ${l.ratio.p99} | ` +
        `${mark(l.contractRatio.p50 <= TARGETS.latencyP50 && l.contractRatio.p99 <= TARGETS.latencyP99)} |`,
    ),
    '',
    'The contract floors: ' + Object.entries(CONTRACT_FLOOR).map(([route, floor]) => `${route}, ${floor.why}`).join('; ') + '.',
    '',
    `**From outside** (bench/outside.ts): \`GET /children/{childId}\` on \`npm start\`'s runtime in its own process, one request at a time over HTTP, ${r.outside.requests} requests, ` +
      `against GetItem of the child ∥ PutItem of an audit record from a bare client on the same table: p50 ${r.outside.apiMs.p50} ms against ${r.outside.floorMs.p50} ms, ` +
      `**${r.outside.ratio.p50}×** (target ≤ ${TARGETS.outsideP50}×) ${mark(r.outside.ratio.p50 <= TARGETS.outsideP50)}; p99 ${r.outside.apiMs.p99} against ${r.outside.floorMs.p99} ms, ${r.outside.ratio.p99}×. ` +
      `CPU per request: the runtime's process ${r.outside.cpuMs.runtime} ms; DynamoDB Local ${r.outside.cpuMs.databaseForApi} ms for the route, ${r.outside.cpuMs.databaseForFloor} ms for the floor.`,
    '',
    `**CPU per request**: each timed route's Lambda handler run in-process 3,000 times on replayed DynamoDB answers (bench/cpu.ts), against the same calls on a bare document client through the same transport, together where the route sent them together (the SDK's own share); the median of ${CPU_RUNS} runs, each run's product CPU beside it. Target: product CPU ≤ ${TARGETS.productCpuUs} µs beyond the SDK.`,
    '',
    '| Route | Status | Handler µs | SDK alone µs | Product µs | Product µs of each run | Target |',
    '|---|---|---|---|---|---|---|',
    ...r.cpu.map(
      (c) => `| ${c.operationId} | ${c.status} | ${c.handlerUs} | ${c.sdkUs} | ${c.productUs} | ${c.productRuns.join(', ')} | ${mark(c.productUs <= TARGETS.productCpuUs)} |`,
    ),
    '',
    `**2. Cold start**: each function bundle as the CDK stack builds it (minified, the runtime's AWS SDK, no source maps loaded), and the time a fresh \`node\` takes to load it (median of ${r.settings.BENCH_IMPORT_RUNS} interleaved loads), against a bundle that only makes a DynamoDB document client (${kb(r.bundles.baseline.bytes)}, ${r.bundles.baseline.importMs} ms). Target ≤ 300 KB and ≤ ${TARGETS.importRatio}×.`,
    '',
    `The stack's floor (bench/bundles.ts STACK_FLOOR): the same client with dynamodb-toolbox, zod, middy and the Powertools logger, each put to its least use, loads in ${r.bundles.stackFloor.importMs} ms (${kb(r.bundles.stackFloor.bytes)}), **${r.bundles.stackFloor.importRatio}×** the bare client before any of the product's code: the last column is the product's own share. Without what issue 19's levers could replace (the logger, jose, classic zod for zod/mini), the client with dynamodb-toolbox, zod/mini and middy (CORE_FLOOR) loads in ${r.bundles.coreFloor.importMs} ms, **${r.bundles.coreFloor.importRatio}×**: what is left of the 1.2× target for a route's schemas, entities, token check and logging.`,
    '',
    '| Bundle | Size | Load ms | × baseline | Target | × stack floor |',
    '|---|---|---|---|---|---|',
    ...r.bundles.bundles.map(
      (b) =>
        `| ${b.entry} | ${kb(b.bytes)} | ${b.importMs} | ${b.importRatio} | ${mark(b.bytes <= TARGETS.bundleBytes && b.importRatio <= TARGETS.importRatio)} | ${b.stackRatio} |`,
    ),
    '',
    `Source maps: ${r.bundles.sourceMaps.entry} built with its map and loaded with \`--enable-source-maps\` takes ${r.bundles.sourceMaps.importMs} ms (${r.bundles.sourceMaps.importRatio}× the baseline), against ${r.bundles.bundles.find((b) => b.entry === r.bundles.sourceMaps.entry)?.importMs ?? '?'} ms without: the stack writes the map beside the bundle and does not load it.`,
    '',
    '**3. Cost per operation**: DynamoDB round trips and capacity units (ReturnConsumedCapacity TOTAL) of one request, against the least the data model allows (why: docs/performance.md).',
    '',
    '| Route | Status | Round trips (least) | Capacity units | Calls |',
    '|---|---|---|---|---|',
    ...r.costs.map((c) => {
      const least = MINIMUM_COST[c.operationId];
      const leastText = least ? `${least.roundTrips}${least.plus ? ` + ${least.plus}` : ''}` : '?';
      const over = least && !least.plus && c.roundTrips > least.roundTrips ? ' ❌' : '';
      return `| ${c.operationId} | ${c.status} | ${c.roundTrips} (${leastText})${over} | ${c.capacityUnits} | ${callSummary(c.calls)} |`;
    }),
    '',
    '**4. Growth**: one table grown by the bulk loader; before each sweep 100 children with one checkpoint past grace are added, the rest have nothing due. Targets: sweep reads follow the due checkpoints only; the outcomes read within 2× from the smallest to the largest.',
    '',
    '| Children | Seeded in s | Sweep: due → missed | Sweep round trips | Sweep capacity | Sweep ms | Outcome cells | Outcomes round trips | Outcomes capacity | Outcomes ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...r.growth.map(
      (g) =>
        `| ${g.children.toLocaleString('en')} | ${g.seedSeconds} | ${g.sweep.due} → ${g.sweep.missed} | ${g.sweep.roundTrips} | ${g.sweep.capacityUnits} | ${g.sweep.ms} | ` +
        `${g.outcomes.cells} | ${g.outcomes.roundTrips} | ${g.outcomes.capacityUnits} | ${g.outcomes.ms} |`,
    ),
  ];
  const [first, last] = [r.growth[0], r.growth.at(-1)];
  if (first && last) {
    const sweep = last.sweep.capacityUnits / first.sweep.capacityUnits;
    const read = last.outcomes.capacityUnits / first.outcomes.capacityUnits;
    lines.push(
      '',
      `Sweep capacity ${first.children.toLocaleString('en')} → ${last.children.toLocaleString('en')} children: ×${sweep.toFixed(2)} ${mark(sweep <= 1.1)}; ` +
        `outcomes read capacity ×${read.toFixed(2)}, time ×${(last.outcomes.ms / first.outcomes.ms).toFixed(2)} ${mark(read <= TARGETS.growthRatio && last.outcomes.ms / first.outcomes.ms <= TARGETS.growthRatio)}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  const started = Date.now();
  const log = (what: string) => console.log(`[bench ${Math.round((Date.now() - started) / 1000)} s] ${what}`);
  log('bundles and load times');
  const bundles = await benchBundles(settings.BENCH_IMPORT_RUNS);
  log('API: cost per route, then latency under load');
  const { costs, latency, cpu } = await benchApi({
    connections: settings.BENCH_CONNECTIONS,
    durationSeconds: settings.BENCH_SECONDS,
    children: settings.BENCH_CHILDREN,
  });
  log('GET /children/{childId} from outside');
  const outside = await benchOutside(settings.BENCH_OUTSIDE_REQUESTS);
  log(`growth at ${settings.BENCH_SCALES.join(', ')} children`);
  const growth = await benchGrowth(settings.BENCH_SCALES);

  const results: Results = {
    ranAt: new Date().toISOString(),
    machine: machine(),
    settings,
    seconds: Math.round((Date.now() - started) / 1000),
    latency,
    outside,
    cpu,
    bundles,
    costs,
    growth,
  };
  const table = markdown(results);
  writeFileSync(path.join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.join(ROOT, 'bench', 'results.md'), `# Benchmark results (\`npm run bench\`)\n\n${table}`);
  const readmePath = path.join(ROOT, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const markers = /(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/;
  if (markers.test(readme)) writeFileSync(readmePath, readme.replace(markers, (_all, start: string, end: string) => `${start}${table}${end}`));
  log('wrote bench/results.json, bench/results.md and the README table');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
