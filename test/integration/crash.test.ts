import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../local/dynamodb-local';
import { enrolment, MUNICIPALITIES } from './harness';

/**
 * Crash safety: the API process is killed with SIGKILL while visits are being logged, and started again on the
 * same table of the suite's DynamoDB Local (the database is not what crashes here; test/integration/restart.test.ts
 * restarts one on disk). Every request that was answered 2xx is there exactly once, nothing is half written, and
 * retrying every request with its idempotency key completes the rest without duplicates.
 */
jest.setTimeout(120_000);

let endpoint: string;
let dataDir: string;
let port: number;
let api: ChildProcess | undefined;
const tableName = `records-crash-${randomUUID()}`;
const base = () => `http://127.0.0.1:${port}`;

async function startApiProcess(): Promise<void> {
  // One process (no tsx wrapper): SIGKILL must take the server down with it, as a Lambda's end does.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/api-process.ts')], {
    env: { ...process.env, DYNAMODB_ENDPOINT: endpoint, PORT: String(port), DATA_DIR: dataDir, TABLE_NAME: tableName },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api = child;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the API process exited (${code}) before it was ready:\n${output}`)));
  });
}

async function call<T = Record<string, unknown>>(method: string, urlPath: string, options: { token?: string; body?: unknown; key?: string } = {}) {
  const response = await fetch(`${base()}${urlPath}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'reintegration-crash-'));
  const given = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!given) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run through the integration project');
  endpoint = given;
  port = await freePort();
  await startApiProcess();
});

afterAll(async () => {
  api?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Visit {
  visitId: string;
  notes?: string;
}

it('visits answered before a SIGKILL are there once, none is half-written, and retries complete the rest', async () => {
  await call('PUT', '/local/clock', { body: { now: '2026-06-20T09:00:00Z' } });
  const token = ((await call<{ token: string }>('POST', '/local/tokens', { body: { sub: 'worker-1', role: 'social_worker', organisationId: 'org-1' } })).body).token;
  // The municipality the children live in, kept by an admin as in production (the enrolment() default).
  const adminToken = ((await call<{ token: string }>('POST', '/local/tokens', { body: { sub: 'admin-1', role: 'admin' } })).body).token;
  expect((await call('PUT', '/municipalities/skopje', { token: adminToken, body: { name: MUNICIPALITIES.skopje } })).status).toBe(201);
  const children: string[] = [];
  for (let i = 0; i < 4; i += 1) {
    const enrolled = await call<{ child: { childId: string } }>('POST', '/children', { token, body: enrolment({ enrolledOn: '2026-01-10' }) });
    children.push(enrolled.body.child.childId);
  }

  // 48 visits, each with its own key and a marker in its notes; sent 6 at a time until the process dies.
  const requests = Array.from({ length: 48 }, (_, i) => ({
    childId: children[i % children.length]!,
    key: randomUUID(),
    body: {
      visitedOn: `2026-${String(2 + Math.floor(i / 12)).padStart(2, '0')}-${String(1 + (i % 12) * 2).padStart(2, '0')}`,
      contactType: 'home',
      assessments: { housing: { level: i % 3 === 0 ? 'at_risk' : 'stable' }, education: { level: 'stable' } },
      childView: { rating: 3 },
      notes: `visit-${i}`,
    },
  }));
  const answered = new Set<number>();
  let sent = 0;
  const send = async (i: number) => {
    const r = requests[i]!;
    try {
      const response = await call('POST', `/children/${r.childId}/visits`, { token, body: r.body, key: r.key });
      if (response.status === 201) answered.add(i);
    } catch {
      // The connection died with the process: no answer.
    }
  };
  let allSent = false;
  const killer = (async () => {
    while (answered.size < 15 && !allSent) await new Promise((resolve) => setTimeout(resolve, 5));
    api!.kill('SIGKILL');
  })();
  while (sent < requests.length && api!.exitCode === null && api!.signalCode === null) {
    await Promise.all(Array.from({ length: 6 }, (_, j) => sent + j).filter((i) => i < requests.length).map(send));
    sent += 6;
  }
  allSent = true;
  await killer;
  expect(answered.size).toBeGreaterThanOrEqual(15);

  await startApiProcess();
  await call('PUT', '/local/clock', { body: { now: '2026-06-20T09:00:00Z' } });
  const visitsOf = async (childId: string) => (await call<{ items: Visit[] }>('GET', `/children/${childId}/visits?limit=100`, { token })).body.items;
  const timelineOf = async (childId: string) =>
    (await call<{ domains: Record<string, { series: Array<{ visitId?: string }> }> }>('GET', `/children/${childId}/timeline`, { token })).body;

  const present = new Map<string, number>();
  for (const childId of children) {
    const timeline = await timelineOf(childId);
    for (const visit of await visitsOf(childId)) {
      present.set(visit.notes!, (present.get(visit.notes!) ?? 0) + 1);
      // Whole, not half: both of the visit's assessments are in the trajectory.
      for (const domain of ['housing', 'education']) {
        expect(timeline.domains[domain]!.series.some((p) => p.visitId === visit.visitId)).toBe(true);
      }
    }
  }
  for (const i of answered) expect(present.get(`visit-${i}`)).toBe(1);
  expect([...present.values()].every((n) => n === 1)).toBe(true);

  // Retry everything with the same keys: the answered ones are replayed, the rest written, nothing twice.
  for (const [i, r] of requests.entries()) {
    const response = await call('POST', `/children/${r.childId}/visits`, { token, body: r.body, key: r.key });
    expect([i, response.status]).toEqual([i, 201]);
  }
  let total = 0;
  for (const childId of children) total += (await visitsOf(childId)).length;
  expect(total).toBe(requests.length);
});
