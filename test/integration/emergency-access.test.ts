import { enrolment, startApi, supervisor, worker, type TestApi } from './harness';

let api: TestApi;

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-20T22:00:00Z');
});
afterAll(() => api.close());

describe('break-the-glass', () => {
  it('a supervisor opens an out-of-scope child for a limited time, with a reason in the audit trail and an event for review', async () => {
    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: await api.tokenFor(worker('owner', 'org-a')),
      body: enrolment(),
    });
    const { childId } = enrolled.body.child;
    const outsider = await api.tokenFor(supervisor('boss-b', 'org-b'));

    expect((await api.request('GET', `/children/${childId}`, { token: outsider })).status).toBe(404);
    const tooShort = await api.request<{ errors: Array<{ path: string }> }>('POST', `/children/${childId}/emergency-access`, {
      token: outsider,
      body: { reason: 'urgent' },
    });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.errors[0]!.path).toBe('body.reason');

    const reason = 'The child was found at the border tonight; police need the care plan.';
    const granted = await api.request<{ expiresAt: string; grantedAt: string }>('POST', `/children/${childId}/emergency-access`, {
      token: outsider,
      body: { reason },
    });
    expect(granted.status).toBe(201);
    expect(Date.parse(granted.body.expiresAt) - Date.parse(granted.body.grantedAt)).toBe(3 * 3600 * 1000);
    expect((await api.request('GET', `/children/${childId}`, { token: outsider })).status).toBe(200);
    // Other supervisors of org-b did not break the glass: still nothing for them.
    expect((await api.request('GET', `/children/${childId}`, { token: await api.tokenFor(supervisor('boss-b2', 'org-b')) })).status).toBe(404);

    const trail = await api.request<{ items: Array<{ action: string; by: string; reason?: string }> }>('GET', `/children/${childId}/audit`, {
      token: await api.tokenFor(supervisor('boss-a', 'org-a')),
    });
    expect(trail.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'emergency.access', by: 'boss-b', reason }),
        expect.objectContaining({ action: 'child.read', by: 'boss-b' }),
      ]),
    );
    const outbox = await api.request<{ items: Array<{ type: string; detail: { childId?: string; supervisorId?: string } }> }>('GET', '/local/outbox');
    expect(outbox.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'EmergencyAccessGranted', detail: expect.objectContaining({ childId, supervisorId: 'boss-b' }) })]),
    );

    // Three hours and a minute later the glass is whole again.
    await api.setClock('2026-06-21T01:01:00Z');
    expect((await api.request('GET', `/children/${childId}`, { token: outsider })).status).toBe(404);
  });

  it('a supervisor of the child’s own organisation needs no emergency access (409); a social worker may not ask (403)', async () => {
    await api.setClock('2026-06-20T22:00:00Z');
    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: await api.tokenFor(worker('owner', 'org-a')),
      body: enrolment(),
    });
    const path = `/children/${enrolled.body.child.childId}/emergency-access`;
    const body = { reason: 'Checking the emergency procedure works as intended.' };
    expect((await api.request('POST', path, { token: await api.tokenFor(supervisor('boss-a', 'org-a')), body })).status).toBe(409);
    expect((await api.request('POST', path, { token: await api.tokenFor(worker('stranger', 'org-b')), body })).status).toBe(403);
  });
});
