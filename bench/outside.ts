import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../lib/data/keys';
import { LOCAL_TABLE_NAME } from '../local/environment';
import { enrolment } from '../test/integration/harness';
import { percentiles, ratio, round2, type Percentiles } from './stats';

/**
 * `GET /children/{childId}` measured from outside, as a user of `npm start` sees it (issue 19's check of the read
 * against the least its contract needs): the local runtime in a process of its own on its file-backed DynamoDB Local,
 * asked one request at a time over HTTP, against GetItem of the child and PutItem of a read's audit record issued
 * together by a bare document client from this process, on the same table. Blocks of each alternate, so a burst of
 * machine noise falls on both alike; the CPU the runtime and DynamoDB Local spend per request is read from /proc.
 */

export interface OutsideResult {
  requests: number;
  /** Milliseconds. */
  apiMs: Percentiles;
  floorMs: Percentiles;
  ratio: { p50: number; p99: number };
  /** Milliseconds of CPU per request: the runtime's process, and DynamoDB Local's during each side's blocks. */
  cpuMs: { runtime: number; databaseForApi: number; databaseForFloor: number };
}

const ROUNDS = 10;

/** utime + stime of a process, in milliseconds (USER_HZ is 100 on Linux). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The DynamoDB Local JVM started with `-port <port>`. */
function databasePidOn(port: string): number {
  const pids = execFileSync('pgrep', ['-f', 'DynamoDBLocal.jar'], { encoding: 'utf8' }).trim().split('\n').map(Number);
  const pid = pids.find((candidate) => readFileSync(`/proc/${candidate}/cmdline`, 'utf8').split('\0').join(' ').includes(`-port ${port}`));
  if (pid === undefined) throw new Error(`no DynamoDB Local listens on ${port}`);
  return pid;
}

interface Runtime {
  child: ChildProcess;
  url: string;
  dynamodbEndpoint: string;
}

/** `npm start`'s entry point in a process of its own, on a data directory of its own; resolves once it serves. */
function startRuntime(dataDir: string): Promise<Runtime> {
  // As a user's shell starts it: not with what the API bench's in-process runtime set in this process's environment
  // (the multi-concurrency switch, which makes Powertools insist on an InvokeStore before the runtime installs one).
  const { AWS_LAMBDA_MAX_CONCURRENCY: _setInProcess, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...env, DATA_DIR: dataDir, PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let printed = '';
    child.once('exit', (code) => reject(new Error(`the runtime exited (${code}) before serving:\n${printed}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      const url = /Reintegration tracker API\s+(\S+)/.exec(printed)?.[1];
      const dynamodbEndpoint = /DynamoDB Local at (http:\/\/[\d.:]+)/.exec(printed)?.[1];
      if (url && dynamodbEndpoint) resolve({ child, url, dynamodbEndpoint });
    });
  });
}

interface Answer {
  status: number;
  body: unknown;
}

/** One request on a kept-alive connection of its own, as a client of the API would send it. */
function requester(base: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, url: string, token?: string, body?: unknown): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(data ? { 'content-type': 'application/json' } : {}) };
      const request = http.request(`${base}${url}`, { method, agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: response.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
        });
      });
      request.on('error', reject);
      request.end(data);
    });
  return { send, close: () => agent.destroy() };
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function benchOutside(requests: number): Promise<OutsideResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-outside-'));
  const runtime = await startRuntime(dataDir);
  const api = requester(runtime.url);
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: runtime.dynamodbEndpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  );
  try {
    const token = async (claims: Record<string, unknown>) => ((await api.send('POST', '/local/tokens', undefined, claims)).body as { token: string }).token;
    const admin = await token({ sub: 'admin-1', role: 'admin' });
    const worker = await token({ sub: 'worker-1', role: 'social_worker', organisationId: 'org-1' });
    await api.send('PUT', '/municipalities/skopje', admin, { name: 'Skopje' });
    const enrolled = await api.send('POST', '/children', worker, enrolment({ caseCode: `OUT-${randomUUID().slice(0, 8)}` }));
    if (enrolled.status !== 201) throw new Error(`enrolment: ${enrolled.status} ${JSON.stringify(enrolled.body)}`);
    const { childId } = (enrolled.body as { child: { childId: string } }).child;

    const readChild = async () => {
      const answer = await api.send('GET', `/children/${childId}`, worker);
      if (answer.status !== 200) throw new Error(`GET /children/{childId}: ${answer.status}`);
    };
    const floor = async () => {
      await Promise.all([
        client.send(new GetCommand({ TableName: LOCAL_TABLE_NAME, Key: keys.child(childId), ConsistentRead: true })),
        client.send(
          new PutCommand({
            TableName: LOCAL_TABLE_NAME,
            Item: { ...keys.audit(childId, randomUUID()), action: 'child.read', by: 'worker-1', role: 'social_worker', at: new Date().toISOString() },
          }),
        ),
      ]);
    };
    for (let i = 0; i < 50; i += 1) await readChild(); // warm-up: JIT, connections
    for (let i = 0; i < 50; i += 1) await floor();

    const runtimePid = runtime.child.pid!;
    const databasePid = databasePidOn(new URL(runtime.dynamodbEndpoint).port);
    const apiMs: number[] = [];
    const floorMs: number[] = [];
    const cpu = { runtime: 0, databaseForApi: 0, databaseForFloor: 0 };
    const perRound = Math.ceil(requests / ROUNDS);
    for (let round = 0; round < ROUNDS; round += 1) {
      const [runtimeBefore, databaseBefore] = [cpuMsOf(runtimePid), cpuMsOf(databasePid)];
      for (let i = 0; i < perRound; i += 1) apiMs.push(await timed(readChild));
      cpu.runtime += cpuMsOf(runtimePid) - runtimeBefore;
      cpu.databaseForApi += cpuMsOf(databasePid) - databaseBefore;
      const databaseBeforeFloor = cpuMsOf(databasePid);
      for (let i = 0; i < perRound; i += 1) floorMs.push(await timed(floor));
      cpu.databaseForFloor += cpuMsOf(databasePid) - databaseBeforeFloor;
    }
    const per = (ms: number) => Math.round((ms / (perRound * ROUNDS)) * 100) / 100;
    const apiPercentiles = percentiles(apiMs, round2);
    const floorPercentiles = percentiles(floorMs, round2);
    return {
      requests: apiMs.length,
      apiMs: apiPercentiles,
      floorMs: floorPercentiles,
      ratio: { p50: ratio(apiPercentiles.p50, floorPercentiles.p50), p99: ratio(apiPercentiles.p99, floorPercentiles.p99) },
      cpuMs: { runtime: per(cpu.runtime), databaseForApi: per(cpu.databaseForApi), databaseForFloor: per(cpu.databaseForFloor) },
    };
  } finally {
    api.close();
    client.destroy();
    if (runtime.child.exitCode === null) {
      const exited = new Promise((resolve) => runtime.child.once('exit', resolve));
      runtime.child.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}
