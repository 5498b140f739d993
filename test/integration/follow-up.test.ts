import { admin, enrolment, startApi, worker, type TestApi } from './harness';

/** Issue 15 through the local API: follow-up that does not go silent. */
interface Checkpoint {
  checkpointId: string;
  dueOn: string;
  status: string;
}

let api: TestApi;
let workerToken: string;
let adminToken: string;
beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-20T09:00:00Z');
  workerToken = await api.tokenFor(worker());
  adminToken = await api.tokenFor(admin());
});
afterAll(() => api.close());

const schedule = async (childId: string) =>
  (await api.request<{ items: Checkpoint[] }>('GET', `/children/${childId}/checkpoints?limit=100`, { token: workerToken })).body.items;

describe('rolling checkpoints', () => {
  it('after the clock moves past month 36 for an active case, a month-42 checkpoint exists, and after month 42 one for month 48', async () => {
    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: workerToken,
      body: enrolment({ riskLevel: 'low', enrolledOn: '2026-01-10' }),
    });
    expect(enrolled.status).toBe(201);
    const { childId } = enrolled.body.child;
    expect((await schedule(childId)).map((c) => c.dueOn).at(-1)).toBe('2029-01-10');

    // The night after month 36's grace ended: every checkpoint is missed, and the next one is due.
    await api.setClock('2029-01-25T02:00:00Z');
    expect((await api.request('POST', '/sweeps', { token: adminToken })).status).toBe(200);
    const after36 = await schedule(childId);
    expect(after36.filter((c) => c.status === 'scheduled').map((c) => c.dueOn)).toEqual(['2029-07-10']);

    await api.setClock('2029-07-25T02:00:00Z');
    expect((await api.request('POST', '/sweeps', { token: adminToken })).status).toBe(200);
    expect((await schedule(childId)).filter((c) => c.status === 'scheduled').map((c) => c.dueOn)).toEqual(['2030-01-10']);
    await api.setClock('2026-06-20T09:00:00Z');
  });
});
