import { enrolment, startApi, supervisor, worker, type TestApi } from './harness';

/**
 * The holes an attacker found in v1 (issue 13), each replayed from outside against the local runtime. Scope is
 * declared in the route table and enforced by the shared handler (lib/http/handler.ts, lib/auth/scope.ts).
 */
let api: TestApi;

beforeAll(async () => {
  api = await startApi();
  await api.setClock('2026-06-20T09:00:00Z');
});
afterAll(() => api.close());

interface Enrolled {
  child: { childId: string; version: number; caseCode: string };
  checkpoints: Array<{ checkpointId: string }>;
}

async function enrolFor(owner = worker('owner', 'org-a'), fields: Record<string, unknown> = {}) {
  const response = await api.request<Enrolled>('POST', '/children', { token: await api.tokenFor(owner), body: enrolment(fields) });
  expect(response.status).toBe(201);
  return response.body;
}

const trailOf = async (childId: string, organisationId = 'org-a') =>
  (
    await api.request<{ items: Array<{ action: string; by: string; outcome?: string }> }>('GET', `/children/${childId}/audit`, {
      token: await api.tokenFor(supervisor('boss-a', organisationId)),
    })
  ).body.items;

describe('break-the-glass is read-only (finding 1)', () => {
  it('a supervisor of another organisation who opened a child may read it, but not reassign, change, close or visit it', async () => {
    const { child, checkpoints } = await enrolFor();
    const outsider = await api.tokenFor(supervisor('boss-b', 'org-b'));
    const granted = await api.request('POST', `/children/${child.childId}/emergency-access`, {
      token: outsider,
      body: { reason: 'The child was reported missing tonight; police need the care plan.' },
    });
    expect(granted.status).toBe(201);
    expect((await api.request('GET', `/children/${child.childId}`, { token: outsider })).status).toBe(200);

    const writes: Array<[string, string, unknown]> = [
      ['PATCH', `/children/${child.childId}`, { version: child.version, caseWorkerId: 'worker-of-b' }],
      ['PATCH', `/children/${child.childId}`, { version: child.version, municipalityId: 'bitola' }],
      ['POST', `/children/${child.childId}/closure`, { reason: 'other', outcome: 'unknown' }],
      ['PATCH', `/children/${child.childId}/checkpoints/${checkpoints[0]!.checkpointId}`, { action: 'cancel', reason: 'not needed any more' }],
      ['POST', `/children/${child.childId}/visits`, { visitedOn: '2026-06-19', contactType: 'home', assessments: { housing: { level: 'stable' } }, childView: { rating: 3 } }],
    ];
    for (const [method, path, body] of writes) {
      expect({ method, path, status: (await api.request(method, path, { token: outsider, body })).status }).toEqual({ method, path, status: 404 });
    }
    // The case is untouched: its own worker still reads it at version 1, with its worker and municipality.
    const own = await api.request<{ version: number; caseWorkerId: string; municipalityId: string }>('GET', `/children/${child.childId}`, {
      token: await api.tokenFor(worker('owner', 'org-a')),
    });
    expect(own.body).toMatchObject({ version: child.version, caseWorkerId: 'owner', municipalityId: 'skopje' });
    // Each refused change is in the child's trail, by whom.
    const refused = (await trailOf(child.childId)).filter((entry) => entry.outcome === 'refused');
    expect(refused.map((entry) => [entry.by, entry.action])).toEqual(
      expect.arrayContaining([
        ['boss-b', 'child.update'],
        ['boss-b', 'child.close'],
        ['boss-b', 'checkpoint.update'],
        ['boss-b', 'visit.create'],
      ]),
    );
  });
});

describe('a social worker’s scope is their caseload within their organisation (finding 2)', () => {
  it('the same worker id in a token of another organisation reaches nothing of the first: not the child, its lists or its flags', async () => {
    const { child } = await enrolFor(worker('mover', 'org-a'));
    const moved = await api.tokenFor(worker('mover', 'org-z'));
    expect((await api.request('GET', `/children/${child.childId}`, { token: moved })).status).toBe(404);
    expect((await api.request('GET', `/children/${child.childId}/visits`, { token: moved })).status).toBe(404);
    const caseload = await api.request<{ items: unknown[] }>('GET', '/children', { token: moved });
    expect(caseload.body.items).toEqual([]);
    const agenda = await api.request<{ items: unknown[] }>('GET', '/agenda?from=2026-01-01&to=2026-12-31', { token: moved });
    expect(agenda.body.items).toEqual([]);
  });
});

describe('after a transfer, the former worker and the former municipality see nothing of the child (finding 4)', () => {
  it('resolved flags of the former municipality and the former worker’s flags are gone for them, by id and in lists', async () => {
    const { child } = await enrolFor(worker('first', 'org-a'), { enrolledOn: '2026-01-10', municipalityId: 'skopje' });
    const admin = await api.tokenFor({ role: 'admin', sub: 'admin-1' });
    expect((await api.request('POST', '/sweeps', { token: admin })).status).toBe(200);

    const skopjeOfficer = await api.tokenFor({ role: 'municipal_officer', sub: 'officer-skopje', municipalityIds: ['skopje'] });
    // An officer knows the child by its case code only (finding 5).
    type Listed = { flagId: string; childId?: string; child: { caseCode: string } };
    const ofChild = (item: Listed) => item.childId === child.childId || item.child.caseCode === child.caseCode;
    const inbox = await api.request<{ items: Listed[] }>('GET', '/flags?limit=100', { token: skopjeOfficer });
    const flag = inbox.body.items.find(ofChild)!;
    expect(flag).toBeDefined();
    const resolution = await api.request('POST', `/flags/${flag.flagId}/resolution`, {
      token: skopjeOfficer,
      body: { note: 'Family reached by phone.' },
    });
    expect(resolution.status).toBe(200);

    // The case moves to another worker and another municipality.
    await api.tokenFor(worker('second', 'org-a'));
    const boss = await api.tokenFor(supervisor('boss-a', 'org-a'));
    const current = await api.request<{ version: number }>('GET', `/children/${child.childId}`, { token: boss });
    const transfer = await api.request('PATCH', `/children/${child.childId}`, {
      token: boss,
      body: { version: current.body.version, caseWorkerId: 'second', municipalityId: 'bitola' },
    });
    expect(transfer.status).toBe(200);

    const formerWorker = await api.tokenFor(worker('first', 'org-a'));
    for (const token of [skopjeOfficer, formerWorker]) {
      expect((await api.request('GET', `/flags/${flag.flagId}`, { token })).status).toBe(404);
      for (const status of ['open', 'acknowledged', 'resolved']) {
        const list = await api.request<{ items: Listed[] }>('GET', `/flags?status=${status}&limit=100`, { token });
        expect(list.body.items.filter(ofChild)).toEqual([]);
      }
    }
    expect((await api.request('GET', `/children/${child.childId}`, { token: formerWorker })).status).toBe(404);
    // The new worker sees the child and its flags.
    const newWorker = await api.tokenFor(worker('second', 'org-a'));
    expect((await api.request('GET', `/children/${child.childId}`, { token: newWorker })).status).toBe(200);
  });
});

describe('an idempotent replay is checked and audited like the first request (finding 6)', () => {
  it('after the child moved to another worker, the former worker’s replay of its key is 404 and audited as refused', async () => {
    const { child } = await enrolFor(worker('keeper', 'org-a'));
    const keeper = await api.tokenFor(worker('keeper', 'org-a'));
    const visit = { visitedOn: '2026-06-19', contactType: 'home', assessments: { housing: { level: 'stable' } }, childView: { rating: 4, words: 'I like my new school.' } };
    const headers = { 'idempotency-key': 'replay-attack-1' };
    const first = await api.request('POST', `/children/${child.childId}/visits`, { token: keeper, body: visit, headers });
    expect(first.status).toBe(201);
    const replay = await api.request('POST', `/children/${child.childId}/visits`, { token: keeper, body: visit, headers });
    expect(replay.status).toBe(201);

    const boss = await api.tokenFor(supervisor('boss-a', 'org-a'));
    const current = await api.request<{ version: number }>('GET', `/children/${child.childId}`, { token: boss });
    await api.tokenFor(worker('successor', 'org-a'));
    const moved = await api.request('PATCH', `/children/${child.childId}`, { token: boss, body: { version: current.body.version, caseWorkerId: 'successor' } });
    expect(moved.status).toBe(200);

    const late = await api.request('POST', `/children/${child.childId}/visits`, { token: keeper, body: visit, headers });
    expect(late.status).toBe(404);
    expect(JSON.stringify(late.body)).not.toContain('new school');
    const trail = (await trailOf(child.childId)).filter((entry) => entry.action === 'visit.create' && entry.by === 'keeper');
    expect(trail.map((entry) => entry.outcome ?? 'written')).toEqual(['written', 'replayed', 'refused']);
  });
});

describe('an officer’s view of a flag carries no staff id, no other user’s words and no day (finding 5)', () => {
  it('the worker’s note naming the child and her address never reaches the officer; the officer’s own note does', async () => {
    const planted = 'Spoke with Ana Petrova at her aunt’s flat, Ul. Partizanska 12';
    const { child } = await enrolFor(worker('noter', 'org-a'), { enrolledOn: '2026-01-10', municipalityId: 'skopje' });
    const noter = await api.tokenFor(worker('noter', 'org-a'));
    // A visit whose housing falls raises a regression flag; the worker acknowledges it with a note.
    const visit = await api.request<{ raisedFlags: Array<{ flagId: string }> }>('POST', `/children/${child.childId}/visits`, {
      token: noter,
      body: { visitedOn: '2026-06-18', contactType: 'home', assessments: { housing: { level: 'critical', note: planted } }, childView: { rating: 2, words: planted }, notes: planted },
    });
    expect(visit.status).toBe(201);
    const [flag] = visit.body.raisedFlags;
    expect((await api.request('POST', `/flags/${flag!.flagId}/acknowledgement`, { token: noter, body: { note: planted } })).status).toBe(200);

    const officer = await api.tokenFor({ role: 'municipal_officer', sub: 'officer-view', municipalityIds: ['skopje'] });
    const ownNote = 'Social services informed; housing team visits on Monday.';
    const resolved = await api.request('POST', `/flags/${flag!.flagId}/resolution`, { token: officer, body: { note: ownNote } });
    expect(resolved.status).toBe(200);

    const answers = [
      resolved.body,
      (await api.request('GET', `/flags/${flag!.flagId}`, { token: officer })).body,
      (await api.request('GET', '/flags?status=resolved&limit=100', { token: officer })).body,
    ];
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      for (const leak of ['Petrova', 'Partizanska', 'noter', 'officer-view', child.childId, '"caseWorkerId"', '"by"', '"childId"']) {
        expect({ leak, found: text.includes(leak) }).toEqual({ leak, found: false });
      }
      // No day-level date anywhere: months only.
      expect(text.match(/\d{4}-\d{2}-\d{2}/g) ?? []).toEqual([]);
    }
    const view = (answers[1] as { organisationId: string; raisedIn: string; history: Array<{ role: string; note?: string }>; child: { caseCode: string } });
    expect(view).toMatchObject({ organisationId: 'org-a', raisedIn: '2026-06', child: { caseCode: expect.any(String) } });
    expect(view.history.map((event) => [event.role, event.note])).toEqual([
      ['system', undefined],
      ['social_worker', undefined],
      ['municipal_officer', ownNote],
    ]);
    // The case's own worker still sees the whole flag, notes included.
    const full = await api.request<{ history: Array<{ note?: string }> }>('GET', `/flags/${flag!.flagId}`, { token: noter });
    expect(full.body.history.map((event) => event.note)).toContain(planted);
  });
});
