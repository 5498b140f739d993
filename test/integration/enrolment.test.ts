import { enrolment, startApi, supervisor, worker, type TestApi } from './harness';

interface Checkpoint {
  checkpointId: string;
  dueOn: string;
  status: string;
}
interface Enrolment {
  child: { childId: string; version: number; latestLevels: Record<string, { level: string; source: string }> };
  checkpoints: Checkpoint[];
}

let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-15T10:00:00Z');
  token = await api.tokenFor(worker());
});
afterAll(() => api.close());

const caseload = async (t = token) =>
  (await api.request<{ items: Array<{ caseCode: string }> }>('GET', '/children?limit=100', { token: t })).body.items;

describe('POST /children (enrolment)', () => {
  it.each([
    ['high', 22],
    ['medium', 14],
    ['low', 8],
  ])('generates the %s-risk schedule (%i checkpoints) in the same write as the child', async (riskLevel, count) => {
    const response = await api.request<Enrolment>('POST', '/children', { token, body: enrolment({ riskLevel }) });
    expect(response.status).toBe(201);
    expect(response.body.checkpoints).toHaveLength(count);
    expect(response.headers.get('location')).toBe(`/children/${response.body.child.childId}`);

    const schedule = await api.request<{ items: Checkpoint[] }>(
      'GET',
      `/children/${response.body.child.childId}/checkpoints?limit=100`,
      { token },
    );
    expect(schedule.body.items.map((c) => c.dueOn)).toEqual(response.body.checkpoints.map((c) => c.dueOn));
    expect(new Set(schedule.body.items.map((c) => c.status))).toEqual(new Set(['scheduled']));
  });

  it('clamps due dates to the month end, each computed from the enrolment date', async () => {
    const response = await api.request<Enrolment>('POST', '/children', { token, body: enrolment({ enrolledOn: '2026-01-31' }) });
    expect(response.body.checkpoints.slice(0, 4).map((c) => c.dueOn)).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
    ]);
  });

  it('takes the baseline as the latest level of every domain', async () => {
    const response = await api.request<Enrolment>('POST', '/children', { token, body: enrolment() });
    expect(response.body.child.latestLevels.vocational_training).toMatchObject({ level: 'critical', source: 'baseline' });
    expect(response.body.child.version).toBe(1);
  });

  it('accepts an enrolment date in the past (back-entry) and today, refuses one in the future', async () => {
    expect((await api.request('POST', '/children', { token, body: enrolment({ enrolledOn: '2024-03-01' }) })).status).toBe(201);
    expect((await api.request('POST', '/children', { token, body: enrolment({ enrolledOn: '2026-06-15' }) })).status).toBe(201);
    const future = await api.request('POST', '/children', { token, body: enrolment({ enrolledOn: '2026-06-16' }) });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ path: 'body.enrolledOn', message: 'must not be in the future' }]);
  });

  it('keeps case codes unique: a second child with the same code gets 409 and nothing is written', async () => {
    const body = enrolment();
    expect((await api.request('POST', '/children', { token, body })).status).toBe(201);
    const before = await caseload();
    const again = await api.request('POST', '/children', { token, body: { ...body, givenName: 'Other' } });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(await caseload()).toEqual(before);
  });

  it('normalises the case code to upper case, so codes differing only in case collide', async () => {
    const body = enrolment({ caseCode: 'lower-case-code-1' });
    const first = await api.request<{ child: { caseCode: string } }>('POST', '/children', { token, body });
    expect(first.body.child.caseCode).toBe('LOWER-CASE-CODE-1');
    expect((await api.request('POST', '/children', { token, body: { ...body, caseCode: 'LOWER-case-CODE-1' } })).status).toBe(409);
  });

  it('refuses a case code that contains the child’s name', async () => {
    const response = await api.request('POST', '/children', { token, body: enrolment({ caseCode: 'PETROVA-7' }) });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'body.caseCode', message: "must not contain the child's familyName" }]);
  });

  it('lets a social worker enrol onto their own caseload only; a supervisor may name a social worker of the organisation', async () => {
    const other = await api.request('POST', '/children', { token, body: enrolment({ caseWorkerId: 'worker-2' }) });
    expect(other.status).toBe(403);
    const boss = await api.tokenFor(supervisor());
    // Nobody the directory knows, a worker of another organisation, a supervisor: 400 at body.caseWorkerId (finding 2).
    await api.tokenFor(worker('worker-elsewhere', 'org-2'));
    await api.tokenFor(supervisor('boss-2'));
    for (const caseWorkerId of ['worker-unknown', 'worker-elsewhere', 'boss-2']) {
      const refused = await api.request<{ errors: Array<{ path: string }> }>('POST', '/children', { token: boss, body: enrolment({ caseWorkerId, caseCode: `X-${caseWorkerId}` }) });
      expect({ caseWorkerId, status: refused.status, paths: refused.body.errors?.map((e) => e.path) }).toEqual({ caseWorkerId, status: 400, paths: ['body.caseWorkerId'] });
    }
    await api.tokenFor(worker('worker-2'));
    const assigned = await api.request<Enrolment & { child: { caseWorkerId: string } }>('POST', '/children', {
      token: boss,
      body: enrolment({ caseWorkerId: 'worker-2' }),
    });
    expect(assigned.status).toBe(201);
    expect(assigned.body.child.caseWorkerId).toBe('worker-2');
  });
});
