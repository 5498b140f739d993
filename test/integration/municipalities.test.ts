import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ROLES, type Principal, type Role } from '../../lib/auth/principal';
import { admin, enrolment, MUNICIPALITIES, startApi, supervisor, worker, type TestApi } from './harness';
import { seedTable } from './seed';

/**
 * Municipalities are reference data kept by the admin (DESIGN.md v2, "Reference data and the directory"; issue 13,
 * finding 3): `PUT /municipalities/{municipalityId}` and `GET /municipalities`, and enrolment and transfer accept only
 * a known municipality, checked inside their own transaction.
 */

interface Municipality {
  municipalityId: string;
  name: string;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Problem {
  status: number;
  errors?: Array<{ path: string; message: string }>;
}
interface Child {
  childId: string;
  caseCode: string;
  version: number;
  municipalityId: string;
  riskLevel: string;
  openFlags: Array<{ flagId: string; municipalityId: string; status: string }>;
}

let api: TestApi;
let adminToken: string;
let workerToken: string;

const TODAY = '2026-06-20';

const principals: Record<Role, Principal> = {
  social_worker: worker('worker-municipal', 'org-1'),
  supervisor: supervisor('supervisor-municipal', 'org-1'),
  municipal_officer: { role: 'municipal_officer', sub: 'officer-municipal', municipalityIds: ['skopje'] },
  evaluator: { role: 'evaluator', sub: 'evaluator-municipal' },
  admin: admin(),
};

beforeAll(async () => {
  api = await startApi();
  await api.setClock(`${TODAY}T09:00:00Z`);
  adminToken = await api.tokenFor(admin());
  workerToken = await api.tokenFor(principals.social_worker);
});
afterAll(() => api.close());

const put = (municipalityId: string, body: unknown, token = adminToken) =>
  api.request<Municipality & Problem>('PUT', `/municipalities/${municipalityId}`, { token, body });

/** Every municipality, page by page. */
async function listAll(token = adminToken, limit = 100): Promise<{ items: Municipality[]; pages: number }> {
  const items: Municipality[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const response = await api.request<Page<Municipality>>('GET', `/municipalities${query}`, { token });
    expect(response.status).toBe(200);
    items.push(...response.body.items);
    cursor = response.body.nextCursor;
    pages += 1;
  } while (cursor);
  return { items, pages };
}

/** The case-code item, read straight from the table: taken or not. */
async function caseCodeTaken(caseCode: string): Promise<boolean> {
  const { documentClient, tableName } = seedTable(api.tableName);
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { pk: `CASECODE#${caseCode}`, sk: 'CASECODE' }, ConsistentRead: true }));
  return Item !== undefined;
}

const caseload = async () =>
  (await api.request<Page<{ caseCode: string }>>('GET', '/children?limit=100', { token: workerToken })).body.items.map((c) => c.caseCode);

describe('PUT /municipalities/{municipalityId}: the admin keeps the reference list', () => {
  it('is idempotent: 201 with the municipality when it is new, 200 with the same item when it existed; a new name renames it', async () => {
    const created = await put('struga', { name: 'Struga' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ municipalityId: 'struga', name: 'Struga' });
    expect(created.headers.get('location')).toBe('/municipalities/struga');

    const again = await put('struga', { name: 'Struga' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(created.body);
    expect((await listAll()).items.filter((m) => m.municipalityId === 'struga')).toEqual([{ municipalityId: 'struga', name: 'Struga' }]);

    const renamed = await put('struga', { name: 'Струга' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ municipalityId: 'struga', name: 'Струга' });
    expect((await listAll()).items.filter((m) => m.municipalityId === 'struga')).toEqual([{ municipalityId: 'struga', name: 'Струга' }]);
  });

  it('is admin-only: every other role is 403 and writes nothing; no token is 401', async () => {
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const response = await put('veles', { name: 'Veles' }, await api.tokenFor(principals[role]));
      expect({ role, status: response.status }).toEqual({ role, status: 403 });
    }
    expect((await api.request('PUT', '/municipalities/veles', { body: { name: 'Veles' } })).status).toBe(401);
    expect((await listAll()).items.map((m) => m.municipalityId)).not.toContain('veles');
  });

  it.each([
    ['an id with a space', 'path.municipalityId', 'a%20b', { name: 'A B' }],
    ['an id with a dot', 'path.municipalityId', 'a.b', { name: 'A B' }],
    ['an id over 64 characters', 'path.municipalityId', 'x'.repeat(65), { name: 'Long' }],
    ['an empty name', 'body.name', 'bad-empty', { name: '' }],
    ['a blank name', 'body.name', 'bad-blank', { name: '   ' }],
    ['a name of invisible characters', 'body.name', 'bad-invisible', { name: '\u200b\u200d\ufeff' }],
    ['a name with a lone surrogate', 'body.name', 'bad-surrogate', { name: 'Ohrid \ud800' }],
    ['a name over 100 characters', 'body.name', 'bad-long', { name: 'N'.repeat(101) }],
    ['no name', 'body.name', 'bad-missing', {}],
    ['an unknown field', 'body', 'bad-field', { name: 'Good', population: 1 }],
  ])('bad input (%s) is 400 naming %s and writes nothing', async (_what, path, id, body) => {
    const response = await put(id, body);
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((e) => e.path)).toContain(path);
    expect((await listAll()).items.map((m) => m.municipalityId)).not.toContain(decodeURIComponent(id));
  });
});

describe('GET /municipalities: every signed-in role reads the list', () => {
  it('lists them in id order, a page at a time, for every role; no token is 401', async () => {
    for (const id of ['zz-last', 'a-first', 'M-upper', 'm_lower', '0-digit']) expect([200, 201]).toContain((await put(id, { name: `Town ${id}` })).status);
    const all = (await listAll()).items.map((m) => m.municipalityId);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining([...Object.keys(MUNICIPALITIES), 'zz-last', 'a-first', 'M-upper', 'm_lower', '0-digit']));

    const paged = await listAll(adminToken, 2);
    expect(paged.items.map((m) => m.municipalityId)).toEqual(all);
    expect(paged.pages).toBeGreaterThanOrEqual(Math.ceil(all.length / 2));

    for (const role of ROLES) {
      const response = await api.request<Page<Municipality>>('GET', '/municipalities?limit=3', { token: await api.tokenFor(principals[role]) });
      expect({ role, status: response.status, first: response.body.items }).toEqual({ role, status: 200, first: paged.items.slice(0, 3) });
    }
    expect((await api.request('GET', '/municipalities')).status).toBe(401);
  });

  it('a cursor of another list, or a made-up one, is 400', async () => {
    const { body } = await api.request<Page<unknown>>('GET', '/children?limit=1', { token: workerToken });
    const foreign = body.nextCursor ?? Buffer.from(JSON.stringify({ pk: 'CHILD#x', sk: 'CHILD' })).toString('base64url');
    for (const cursor of [foreign, Buffer.from(JSON.stringify({ pk: 'MUNICIPALITIES' })).toString('base64url')]) {
      const response = await api.request<Problem>('GET', `/municipalities?cursor=${cursor}`, { token: adminToken });
      expect(response.status).toBe(400);
      expect(response.body.errors?.map((e) => e.path)).toEqual(['query.cursor']);
    }
  });
});

describe('enrolment and transfer accept only a known municipality (finding 3)', () => {
  it('enrolment into an unknown municipality is 400 body.municipalityId and writes nothing: no child, no case code taken, and a retry in a known municipality with the same case code succeeds', async () => {
    const body = enrolment({ municipalityId: 'nowhere', enrolledOn: '2026-03-12' });
    const refused = await api.request<Problem>('POST', '/children', { token: workerToken, body });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'body.municipalityId', message: expect.any(String) }]);
    expect(await caseload()).not.toContain(body.caseCode);
    expect(await caseCodeTaken(String(body.caseCode))).toBe(false);

    const retried = await api.request<{ child: Child }>('POST', '/children', { token: workerToken, body: { ...body, municipalityId: 'skopje' } });
    expect(retried.status).toBe(201);
    expect(retried.body.child).toMatchObject({ caseCode: body.caseCode, municipalityId: 'skopje' });
    expect(await caseCodeTaken(String(body.caseCode))).toBe(true);
  });

  it('a transfer to an unknown municipality is 400 and the child and its flags are unchanged: the officer’s inbox keeps them (PATCH {"municipalityId":"nowhere"} used to answer 200 and empty it)', async () => {
    const officerToken = await api.tokenFor(principals.municipal_officer);
    const enrolled = await api.request<{ child: Child }>('POST', '/children', { token: workerToken, body: enrolment({ enrolledOn: '2026-03-12' }) });
    expect(enrolled.status).toBe(201);
    const { childId, caseCode } = enrolled.body.child;
    expect((await api.request('POST', '/sweeps', { token: adminToken })).status).toBe(200);
    const inbox = async () =>
      (await api.request<Page<{ flagId: string; child: { caseCode: string } }>>('GET', '/flags?limit=100', { token: officerToken })).body.items
        .filter((f) => f.child.caseCode === caseCode)
        .map((f) => f.flagId)
        .sort();
    const read = async () => (await api.request<Child>('GET', `/children/${childId}`, { token: workerToken })).body;
    const before = await read();
    const inboxBefore = await inbox();
    expect(before.openFlags.length).toBeGreaterThan(0);
    expect(inboxBefore.length).toBe(before.openFlags.length);

    for (const body of [{ municipalityId: 'nowhere' }, { municipalityId: 'nowhere', riskLevel: 'high' }]) {
      const refused = await api.request<Problem>('PATCH', `/children/${childId}`, { token: workerToken, body: { version: before.version, ...body } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([{ path: 'body.municipalityId', message: expect.any(String) }]);
    }
    expect(await read()).toEqual(before);
    expect(await inbox()).toEqual(inboxBefore);

    // A known municipality moves the case and its flags, as before.
    const moved = await api.request<Child>('PATCH', `/children/${childId}`, { token: workerToken, body: { version: before.version, municipalityId: 'ohrid' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ municipalityId: 'ohrid', version: before.version + 1 });
    expect(await inbox()).toEqual([]);
    expect((await read()).openFlags.every((f) => f.municipalityId === 'ohrid')).toBe(true);
  });

  it('the check costs no round trip: an enrolment is still one transaction and a transfer one query and one transaction, the check inside; a change that keeps the municipality checks none', async () => {
    // The stream consumers share the table's client in this process: stopped, so every call seen is the request's.
    await Promise.all(api.runtime.streamPollers.map((poller) => poller.stop()));
    const client = api.runtime.deps.db.table.getDocumentClient();
    const calls: Array<{ command: string; input: Record<string, unknown> }> = [];
    const name = 'test:count-round-trips';
    client.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push({ command: String(context.commandName), input: args.input as Record<string, unknown> });
        return next(args);
      },
      { step: 'initialize', name, priority: 'high' },
    );
    const municipalityChecks = (call: { input: Record<string, unknown> }) =>
      ((call.input as TransactWriteCommandInput).TransactItems ?? [])
        .filter((item) => item.ConditionCheck?.Key?.pk === 'MUNICIPALITIES')
        .map((item) => item.ConditionCheck!.Key!.sk);
    try {
      const enrolled = await api.request<{ child: Child }>('POST', '/children', { token: workerToken, body: enrolment({ enrolledOn: '2026-03-12' }) });
      expect(enrolled.status).toBe(201);
      expect(calls.map((c) => c.command)).toEqual(['TransactWriteItemsCommand']);
      expect(municipalityChecks(calls[0]!)).toEqual(['MUNICIPALITY#skopje']);

      const { childId } = enrolled.body.child;
      calls.length = 0;
      const moved = await api.request('PATCH', `/children/${childId}`, { token: workerToken, body: { version: 1, municipalityId: 'bitola' } });
      expect(moved.status).toBe(200);
      expect(calls.map((c) => c.command)).toEqual(['QueryCommand', 'TransactWriteItemsCommand']);
      expect(municipalityChecks(calls[1]!)).toEqual(['MUNICIPALITY#bitola']);

      calls.length = 0;
      const riskOnly = await api.request('PATCH', `/children/${childId}`, { token: workerToken, body: { version: 2, riskLevel: 'high', municipalityId: 'bitola' } });
      expect(riskOnly.status).toBe(200);
      expect(calls.map((c) => c.command)).toEqual(['QueryCommand', 'TransactWriteItemsCommand']);
      expect(municipalityChecks(calls[1]!)).toEqual([]);
    } finally {
      client.middlewareStack.remove(name);
    }
  });
});
