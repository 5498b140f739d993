import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { routeKey, type NamedRoute } from '../lib/api/route';
import { createDb } from '../lib/data/db';
import type { Deps } from '../lib/deps';
import { documentClientFor, dynamoClientFor } from '../lib/deps/dynamodb';
import type { RouteHandler } from '../lib/http/handler';
import { documentCommand, type RecordedCall } from './meter';
import { median } from './stats';

/**
 * Product CPU per request (issue 19): a route's Lambda handler run in-process, its DynamoDB answers replayed from a
 * recording, so the CPU measured is the handler's and the SDK's and no database's. The baseline is the AWS SDK's own
 * share: the same calls sent on a bare document client through the same replaying transport. CPU time, unlike wall
 * time, hardly moves with the other work of a shared machine.
 */

interface RecordedAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

type Handle = (request: { headers: Record<string, string> }) => Promise<{ response: RecordedAnswer }>;

/**
 * An SDK transport that records the answers of a real DynamoDB, then replays them in the same order: the SDK still
 * serialises, signs and parses every call as it would on the network.
 */
class RecordingTransport {
  /** Per operation (`X-Amz-Target`), in the order the calls were sent: calls issued together may finish in any order. */
  private answers = new Map<string, RecordedAnswer[]>();
  private next = new Map<string, number>();
  private replaying = false;
  private readonly network: NodeHttpHandler;

  constructor() {
    this.network = new NodeHttpHandler();
  }

  readonly handle: Handle = async (request) => {
    const target = request.headers['x-amz-target'] ?? '';
    const answers = this.answers.get(target) ?? [];
    this.answers.set(target, answers);
    const slot = this.next.get(target) ?? 0;
    this.next.set(target, slot + 1);
    if (this.replaying) {
      const answer = answers[slot % Math.max(1, answers.length)];
      if (!answer) throw new Error(`nothing recorded to replay for ${target}`);
      return { response: { ...answer, headers: { ...answer.headers } } };
    }
    const { response } = await this.network.handle(request as Parameters<NodeHttpHandler['handle']>[0]);
    const chunks: Buffer[] = [];
    for await (const chunk of response.body as AsyncIterable<Buffer>) chunks.push(chunk);
    const answer = { statusCode: response.statusCode, headers: response.headers, body: new Uint8Array(Buffer.concat(chunks)) };
    answers[slot] = answer;
    return { response: { ...answer, headers: { ...answer.headers } } };
  };

  /** From now on, every request is answered from the recording. */
  replay(): void {
    this.replaying = true;
    this.rewind();
  }

  /** The next request of each operation gets its first recorded answer again. */
  rewind(): void {
    this.next.clear();
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {
    this.network.destroy();
  }
}

function clientOn(endpoint: string, transport: RecordingTransport): DynamoDBDocumentClient {
  return documentClientFor(
    dynamoClientFor({ dynamodbEndpoint: endpoint, region: 'eu-central-1' }, { requestHandler: transport as unknown as NodeHttpHandler, maxAttempts: 1 }),
  );
}

/**
 * The document client's calls, kept for the baseline's replay, in the steps the route issued them: a call sent while
 * another is in flight joins that one's step. Sent one after another, calls cost the SDK ~25% more CPU than sent
 * together, which a sequential replay would have counted as the SDK's share of a route that sends them together.
 */
function recordCalls(client: DynamoDBDocumentClient): RecordedCall[][] {
  const steps: RecordedCall[][] = [];
  let inFlight = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const call = { command: String(context.commandName), input: structuredClone(args.input as Record<string, unknown>) };
      if (inFlight === 0) steps.push([call]);
      else steps.at(-1)!.push(call);
      inFlight += 1;
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
      }
    },
    { step: 'serialize', priority: 'high', name: 'benchCallRecorder' },
  );
  return steps;
}

export interface CpuSample {
  route: NamedRoute;
  handler: RouteHandler;
  token: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteCpu {
  operationId: string;
  status: number;
  /** Microseconds of process CPU per request: the handler with the SDK, the SDK alone on the same calls, the difference. */
  handlerUs: number;
  sdkUs: number;
  productUs: number;
}

function eventFor(sample: CpuSample, requestId: string): APIGatewayProxyEventV2 {
  const names = [...sample.route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const pattern = new RegExp(`^${sample.route.path.replace(/\{\w+\}/g, '([^/]+)')}$`);
  const url = new URL(sample.path, 'http://local');
  const values = pattern.exec(url.pathname)?.slice(1) ?? [];
  const query = Object.fromEntries(url.searchParams);
  return {
    version: '2.0',
    routeKey: routeKey(sample.route),
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers: {
      authorization: `Bearer ${sample.token}`,
      ...(sample.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...sample.headers,
    },
    ...(url.search ? { queryStringParameters: query } : {}),
    ...(names.length ? { pathParameters: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(values[i] ?? '')])) } : {}),
    requestContext: { requestId, http: { method: sample.route.method, path: url.pathname } },
    ...(sample.body !== undefined ? { body: JSON.stringify(sample.body) } : {}),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

function contextFor(route: NamedRoute, requestId: string): Context {
  return {
    functionName: route.operationId,
    awsRequestId: requestId,
    getRemainingTimeInMillis: () => 29_000,
  } as unknown as Context;
}

/** Microseconds of this process's CPU (user and system) per call of `run`, over `iterations` after a warm-up. */
async function cpuPerCall(run: (i: number) => Promise<void>, iterations: number): Promise<number> {
  for (let i = 0; i < Math.min(500, iterations); i += 1) await run(i);
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i += 1) await run(i);
  const { user, system } = process.cpuUsage(before);
  return Math.round((user + system) / iterations);
}

/**
 * Each sample's handler once against the real database (recording), then `iterations` times against the recording;
 * then the same calls on a bare client, together where the route sent them together. The handler is bound to the local
 * runtime's dependencies, its table's client swapped for the recording one.
 */
export async function benchCpu(runtimeDeps: Deps, endpoint: string, samples: readonly CpuSample[], iterations: number): Promise<RouteCpu[]> {
  const results: RouteCpu[] = [];
  for (const sample of samples) {
    const transport = new RecordingTransport();
    const client = clientOn(endpoint, transport);
    const calls = recordCalls(client);
    const handler = sample.handler.withDeps({ ...runtimeDeps, db: createDb(client, runtimeDeps.db.table.getName()) });
    const invoke = (i: number) => handler(eventFor(sample, `cpu-${i}`), contextFor(sample.route, `cpu-${i}`));
    const first = await invoke(0);
    const recordedSteps = calls.splice(0);
    transport.replay();
    const handlerUs = await cpuPerCall(async (i) => {
      transport.rewind();
      await invoke(i + 1);
    }, iterations);

    const bare = clientOn(endpoint, transport);
    const sdkUs = await cpuPerCall(async () => {
      transport.rewind();
      for (const step of recordedSteps) await Promise.all(step.map((call) => bare.send(documentCommand(call))));
    }, iterations);
    transport.destroy();
    results.push({ operationId: sample.route.operationId, status: first.statusCode ?? 0, handlerUs, sdkUs, productUs: handlerUs - sdkUs });
  }
  return results;
}

/** How many times the bench measures each route's CPU: one run's figure moves by up to 1.5× (garbage collection, JIT). */
export const CPU_RUNS = 3;

/** Each route's median over the runs, with every run's product CPU, lowest first. */
export function medianOfRuns(runs: readonly RouteCpu[][]): Array<RouteCpu & { productRuns: number[] }> {
  return runs[0]!.map(({ operationId, status }, i) => {
    const of = (field: 'handlerUs' | 'sdkUs' | 'productUs') => runs.map((run) => run[i]![field]).sort((a, b) => a - b);
    return { operationId, status, handlerUs: median(of('handlerUs')), sdkUs: median(of('sdkUs')), productUs: median(of('productUs')), productRuns: of('productUs') };
  });
}
