import { enrolment, startApi, supervisor, worker, type TestApi } from './harness';

interface Checkpoint {
  checkpointId: string;
  dueOn: string;
  status: string;
  cancellation?: { reason: string };
}
interface Child {
  childId: string;
  version: number;
  riskLevel: string;
  caseWorkerId: string;
  municipalityId: string;
  status: string;
  closure?: { reason: string; outcome: string; closedOn: string; closedBy: string };
}
interface AgendaItem {
  checkpointId: string;
  childId: string;
  dueOn: string;
  category: string;
  caseWorkerId: string;
}

let api: TestApi;
let token: string;

// Enrolled 2026-01-15 at medium risk; "today" is 2026-06-20: checkpoints of Feb–Jun are past or due.
const TODAY = '2026-06-20';

beforeAll(async () => {
  api = await startApi();
  await api.setClock(`${TODAY}T09:00:00Z`);
  token = await api.tokenFor(worker());
});
afterAll(() => api.close());

async function enrol(overrides: Record<string, unknown> = {}, as = token): Promise<Child> {
  const response = await api.request<{ child: Child }>('POST', '/children', {
    token: as,
    body: enrolment({ enrolledOn: '2026-01-15', ...overrides }),
  });
  expect(response.status).toBe(201);
  return response.body.child;
}

const schedule = async (childId: string, as = token) =>
  (await api.request<{ items: Checkpoint[] }>('GET', `/children/${childId}/checkpoints?limit=100`, { token: as })).body.items;

describe('PATCH /children/{childId}', () => {
  it('regenerates only the future scheduled checkpoints when the risk level changes', async () => {
    const child = await enrol({ riskLevel: 'low' });
    const before = await schedule(child.childId);
    const response = await api.request<Child>('PATCH', `/children/${child.childId}`, {
      token,
      body: { version: 1, riskLevel: 'high' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ riskLevel: 'high', version: 2 });

    const after = await schedule(child.childId);
    const past = (list: Checkpoint[]) => list.filter((c) => c.dueOn <= TODAY);
    expect(past(after)).toEqual(past(before));
    expect(after.filter((c) => c.dueOn > TODAY).map((c) => c.dueOn).slice(0, 3)).toEqual([
      '2026-07-15',
      '2026-08-15',
      '2026-09-15',
    ]);
    // high: 22 checkpoints in all, of which months 1–5 (Feb–Jun) are history kept from the low schedule (1, 3 → 2)
    expect(after).toHaveLength(2 + 22 - 5);
  });

  it('answers 409 to a stale version and changes nothing', async () => {
    const child = await enrol();
    expect((await api.request('PATCH', `/children/${child.childId}`, { token, body: { version: 1, municipalityId: 'ohrid' } })).status).toBe(200);
    const stale = await api.request('PATCH', `/children/${child.childId}`, { token, body: { version: 1, riskLevel: 'high' } });
    expect(stale.status).toBe(409);
    const now = await api.request<Child>('GET', `/children/${child.childId}`, { token });
    expect(now.body).toMatchObject({ version: 2, riskLevel: 'medium', municipalityId: 'ohrid' });
  });

  it('lets only a supervisor reassign a case, and the open checkpoints follow it to the new agenda', async () => {
    const child = await enrol();
    const denied = await api.request('PATCH', `/children/${child.childId}`, { token, body: { version: 1, caseWorkerId: 'worker-9' } });
    expect(denied.status).toBe(403);

    const boss = await api.tokenFor(supervisor());
    // The new worker exists (the dev issuer's directory knows whom it issued tokens for) and is of the organisation.
    await api.tokenFor(worker('worker-9'));
    const moved = await api.request<Child>('PATCH', `/children/${child.childId}`, {
      token: boss,
      body: { version: 1, caseWorkerId: 'worker-9' },
    });
    expect(moved.body.caseWorkerId).toBe('worker-9');

    const agendaOf = async (sub: string) =>
      (await api.request<{ items: AgendaItem[] }>('GET', '/agenda?limit=100', { token: await api.tokenFor(worker(sub)) })).body.items.filter(
        (item) => item.childId === child.childId,
      );
    expect(await agendaOf('worker-1')).toEqual([]);
    const newAgenda = await agendaOf('worker-9');
    expect(newAgenda.length).toBeGreaterThan(0);
    expect(new Set(newAgenda.map((i) => i.caseWorkerId))).toEqual(new Set(['worker-9']));
    // the former case worker no longer has the child in scope
    expect((await api.request('GET', `/children/${child.childId}`, { token })).status).toBe(404);
  });

  it('refuses an update naming nothing to change, or unknown fields, with 400', async () => {
    const child = await enrol();
    const empty = await api.request('PATCH', `/children/${child.childId}`, { token, body: { version: 1 } });
    expect(empty.status).toBe(400);
    const unknown = await api.request('PATCH', `/children/${child.childId}`, { token, body: { version: 1, givenName: 'X' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toContainEqual({ path: 'body', message: 'Unrecognized key: "givenName"' });
  });
});

describe('POST /children/{childId}/closure', () => {
  it('closes the case and cancels every checkpoint still scheduled; history stays', async () => {
    const child = await enrol();
    const response = await api.request<Child>('POST', `/children/${child.childId}/closure`, {
      token,
      body: { reason: 'reintegrated', outcome: 'reintegrated', note: 'Back at school, living with aunt.' },
    });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('closed');
    expect(response.body.closure).toMatchObject({ reason: 'reintegrated', closedOn: TODAY, closedBy: 'worker-1' });

    const after = await schedule(child.childId);
    expect(after).toHaveLength(14);
    expect(after.every((c) => c.status === 'cancelled' && c.cancellation?.reason === 'case closed')).toBe(true);
    const agenda = await api.request<{ items: AgendaItem[] }>('GET', '/agenda?limit=100', { token });
    expect(agenda.body.items.some((i) => i.childId === child.childId)).toBe(false);
  });

  it('answers 409 to closing twice or changing a closed case', async () => {
    const child = await enrol();
    const body = { reason: 'moved_abroad', outcome: 'unknown' };
    expect((await api.request('POST', `/children/${child.childId}/closure`, { token, body })).status).toBe(200);
    expect((await api.request('POST', `/children/${child.childId}/closure`, { token, body })).status).toBe(409);
    expect((await api.request('PATCH', `/children/${child.childId}`, { token, body: { version: 2, riskLevel: 'low' } })).status).toBe(409);
  });

  it('refuses a closure date in the future or before enrolment', async () => {
    const child = await enrol();
    for (const closedOn of ['2026-06-21', '2026-01-14']) {
      const response = await api.request('POST', `/children/${child.childId}/closure`, {
        token,
        body: { reason: 'other', outcome: 'unknown', closedOn },
      });
      expect(response.status).toBe(400);
      expect((response.body.errors as Array<{ path: string }>)[0]?.path).toBe('body.closedOn');
    }
  });

  it('moves a closed case from the active caseload to the closed one', async () => {
    const child = await enrol();
    await api.request('POST', `/children/${child.childId}/closure`, { token, body: { reason: 'other', outcome: 'unknown' } });
    const ids = async (status: string) =>
      (await api.request<{ items: Child[] }>('GET', `/children?status=${status}&limit=100`, { token })).body.items.map((c) => c.childId);
    expect(await ids('active')).not.toContain(child.childId);
    expect(await ids('closed')).toContain(child.childId);
  });
});

describe('GET /agenda', () => {
  it('lists my open checkpoints soonest first, each marked overdue, due or upcoming', async () => {
    const mine = await api.tokenFor(worker('agenda-worker'));
    const child = await enrol({}, mine);
    const response = await api.request<{ items: AgendaItem[] }>('GET', '/agenda?from=2026-05-01&to=2026-08-31', { token: mine });
    expect(response.body.items.map((i) => [i.dueOn, i.category])).toEqual([
      ['2026-05-15', 'overdue'],
      ['2026-06-15', 'overdue'],
      ['2026-07-15', 'upcoming'],
    ]);
    expect(response.body.items.every((i) => i.childId === child.childId)).toBe(true);

    await api.setClock('2026-07-02T09:00:00Z');
    const later = await api.request<{ items: AgendaItem[] }>('GET', '/agenda?from=2026-07-01&to=2026-07-31', { token: mine });
    expect(later.body.items.map((i) => i.category)).toEqual(['due']);
    await api.setClock(`${TODAY}T09:00:00Z`);
  });

  it('shows a supervisor the agenda of the whole organisation, and no other organisation’s', async () => {
    const a = await enrol({}, await api.tokenFor(worker('org2-a', 'org-2')));
    const b = await enrol({}, await api.tokenFor(worker('org2-b', 'org-2')));
    await enrol({}, await api.tokenFor(worker('org3-a', 'org-3')));
    const response = await api.request<{ items: AgendaItem[] }>('GET', '/agenda?limit=100', {
      token: await api.tokenFor(supervisor('boss-2', 'org-2')),
    });
    expect(new Set(response.body.items.map((i) => i.childId))).toEqual(new Set([a.childId, b.childId]));
  });

  it('refuses a range that ends before it starts or spans more than a year', async () => {
    expect((await api.request('GET', '/agenda?from=2026-05-01&to=2026-04-01', { token })).status).toBe(400);
    expect((await api.request('GET', '/agenda?from=2025-01-01&to=2026-06-01', { token })).status).toBe(400);
  });
});

describe('GET /children (caseload)', () => {
  it('pages through the caseload by case code with limit and cursor', async () => {
    const mine = await api.tokenFor(worker('pager', 'org-4'));
    const codes = ['PG-C', 'PG-A', 'PG-E', 'PG-B', 'PG-D'];
    for (const caseCode of codes) await enrol({ caseCode }, mine);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2';
      const page: { status: number; body: { items: Array<{ caseCode: string }>; nextCursor: string | null } } =
        await api.request('GET', `/children${query}`, { token: mine });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((c) => c.caseCode));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...codes].sort());
  });

  it('refuses a cursor from another caseload with 400', async () => {
    const a = await api.tokenFor(worker('pager', 'org-4'));
    const first = await api.request<{ nextCursor: string }>('GET', '/children?limit=1', { token: a });
    const other = await api.request('GET', `/children?cursor=${first.body.nextCursor}`, { token: await api.tokenFor(worker('someone-else')) });
    expect(other.status).toBe(400);
  });
});

describe('PATCH /children/{childId}/checkpoints/{checkpointId}', () => {
  it('reschedules a scheduled checkpoint with a reason: new window and grace, the old date kept, the agenda follows', async () => {
    const child = await enrol({ enrolledOn: '2026-06-01' });
    const [first] = await schedule(child.childId);
    const response = await api.request<Checkpoint & { windowOpensOn: string; graceEndsOn: string; rescheduling: { fromDueOn: string; reason: string } }>(
      'PATCH',
      `/children/${child.childId}/checkpoints/${first!.checkpointId}`,
      { token, body: { action: 'reschedule', dueOn: '2026-07-20', reason: 'The family is away until the 18th.' } },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      dueOn: '2026-07-20',
      windowOpensOn: '2026-07-06',
      graceEndsOn: '2026-08-03',
      status: 'scheduled',
      rescheduling: { fromDueOn: '2026-07-01', reason: 'The family is away until the 18th.' },
    });
    const agenda = await api.request<{ items: AgendaItem[] }>('GET', '/agenda?from=2026-07-01&to=2026-07-31', { token });
    expect(agenda.body.items.filter((i) => i.checkpointId === first!.checkpointId).map((i) => i.dueOn)).toEqual(['2026-07-20']);
  });

  it('cancels a checkpoint with a reason: it leaves the agenda, and a cancelled one cannot change again (409)', async () => {
    const child = await enrol({ enrolledOn: '2026-06-01' });
    const [first] = await schedule(child.childId);
    const path = `/children/${child.childId}/checkpoints/${first!.checkpointId}`;
    const cancelled = await api.request<Checkpoint>('PATCH', path, { token, body: { action: 'cancel', reason: 'In hospital abroad this month.' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'In hospital abroad this month.', by: 'worker-1' } });
    const agenda = await api.request<{ items: AgendaItem[] }>('GET', '/agenda?from=2026-06-01&to=2026-07-31', { token });
    expect(agenda.body.items.some((i) => i.checkpointId === first!.checkpointId)).toBe(false);
    expect((await api.request('PATCH', path, { token, body: { action: 'cancel', reason: 'again' } })).status).toBe(409);
    expect((await api.request('PATCH', path, { token, body: { action: 'reschedule', dueOn: '2026-08-01', reason: 'x' } })).status).toBe(409);
  });

  it('refuses a due date in the past (400 body.dueOn), a missing reason (400 body.reason), an unknown checkpoint (404)', async () => {
    const child = await enrol({ enrolledOn: '2026-06-01' });
    const [first] = await schedule(child.childId);
    const path = `/children/${child.childId}/checkpoints/${first!.checkpointId}`;
    const past = await api.request<{ errors: Array<{ path: string }> }>('PATCH', path, { token, body: { action: 'reschedule', dueOn: '2026-06-19', reason: 'x' } });
    expect(past.status).toBe(400);
    expect(past.body.errors.map((e) => e.path)).toEqual(['body.dueOn']);
    const noReason = await api.request<{ errors: Array<{ path: string }> }>('PATCH', path, { token, body: { action: 'cancel' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e) => e.path)).toEqual(['body.reason']);
    const unknown = await api.request('PATCH', `/children/${child.childId}/checkpoints/01ARZ3NDEKTSV4RRFFQ69G5FAV`, { token, body: { action: 'cancel', reason: 'x' } });
    expect(unknown.status).toBe(404);
    expect((await schedule(child.childId))[0]).toEqual(first);
  });
});
