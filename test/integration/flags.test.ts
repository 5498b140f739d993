import { enrolment, startApi, worker, type TestApi } from './harness';
import type { SweepReport } from '../../lib/api/schemas/flags';

/** A flag as its case's worker sees it (whole), or as an officer does (no ids but the flag's, no staff, months). */
interface Flag {
  flagId: string;
  childId?: string;
  type: string;
  severity: string;
  status: string;
  escalatedAt?: string;
  /** The officer's view: the month only. */
  escalatedIn?: string;
  evidence: { checkpointId?: string; dueOn?: string };
  history: Array<{ action: string; by?: string; role: string; note?: string }>;
  resolution?: { note?: string; actionTaken?: string; by?: string; role: string };
  child: { caseCode: string; ageBand: string; latestLevels: Record<string, string> };
}

let api: TestApi;
let workerToken: string;
let adminToken: string;
let officerToken: string;
let otherOfficerToken: string;

const TODAY = '2026-06-20';

/** A flag of this child, for any reader: workers know it by id, officers by case code only. */
const ofChild = (child: { childId: string; caseCode: string }) => (f: Flag) => f.childId === child.childId || f.child.caseCode === child.caseCode;

beforeAll(async () => {
  api = await startApi();
  await api.setClock(`${TODAY}T09:00:00Z`);
  workerToken = await api.tokenFor(worker());
  adminToken = await api.tokenFor({ role: 'admin', sub: 'admin-1' });
  officerToken = await api.tokenFor({ role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje'] });
  otherOfficerToken = await api.tokenFor({ role: 'municipal_officer', sub: 'officer-2', municipalityIds: ['bitola'] });
});
afterAll(() => api.close());

const runSweep = async () => {
  const response = await api.request<SweepReport>('POST', '/sweeps', { token: adminToken });
  expect(response.status).toBe(200);
  return response.body;
};

const flagsFor = async (token: string, query = '') => {
  const response = await api.request<{ items: Flag[]; nextCursor: string | null }>('GET', `/flags${query}`, { token });
  expect(response.status).toBe(200);
  return response;
};

describe('the bar of issue 4, through the local API', () => {
  it('sweeps misses into flags once, escalates once, and routes them to the municipality’s officer only', async () => {
    // Enrolled 100 days ago, medium risk, no visits: checkpoints 1 (due 04-12) and 2 (due 05-12) are past grace.
    const enrolled = await api.request<{ child: { childId: string; caseCode: string } }>('POST', '/children', {
      token: workerToken,
      body: enrolment({ enrolledOn: '2026-03-12', givenName: 'Marija', familyName: 'Stojanova' }),
    });
    expect(enrolled.status).toBe(201);
    const { childId } = enrolled.body.child;
    const mineOf = ofChild(enrolled.body.child);

    const first = await runSweep();
    expect(first).toMatchObject({ missed: 2, flagsRaised: 3, escalated: 0, complete: true });
    const flags = (await flagsFor(workerToken)).body.items.filter((f) => f.childId === childId);
    expect(flags.map((f) => [f.type, f.severity]).sort()).toEqual([
      ['lost_contact', 'high'],
      ['missed_visit', 'medium'],
      ['missed_visit', 'medium'],
    ]);
    const schedule = await api.request<{ items: Array<{ status: string }> }>('GET', `/children/${childId}/checkpoints?limit=3`, { token: workerToken });
    expect(schedule.body.items.map((c) => c.status)).toEqual(['missed', 'missed', 'scheduled']);

    expect(await runSweep()).toMatchObject({ missed: 0, flagsRaised: 0, escalated: 0 });

    // Eight days later nobody has acknowledged anything: each flag is escalated once, and checkpoint 3 is missed.
    await api.setClock('2026-06-28T09:00:00Z');
    const later = await runSweep();
    expect(later).toMatchObject({ missed: 1, flagsRaised: 1, escalated: 3 });
    expect(await runSweep()).toMatchObject({ missed: 0, flagsRaised: 0, escalated: 0 });

    const inbox = await flagsFor(officerToken);
    const mine = inbox.body.items.filter(mineOf);
    expect(mine).toHaveLength(4);
    expect(mine.filter((f) => f.escalatedIn).map((f) => [f.type, f.severity]).sort()).toEqual([
      ['lost_contact', 'high'],
      ['missed_visit', 'high'],
      ['missed_visit', 'high'],
    ]);
    expect(mine.every((f) => /^[\d-+]+$/.test(f.child.ageBand) && f.child.caseCode)).toBe(true);
    expect(JSON.stringify(inbox.body)).not.toMatch(/Marija|Stojanova|birthDate|givenName|familyName|notes/);

    const flag = mine.find((f) => f.type === 'lost_contact')!;
    const acknowledged = await api.request<Flag>('POST', `/flags/${flag.flagId}/acknowledgement`, { token: officerToken, body: { note: 'Calling the family today.' } });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.status).toBe('acknowledged');
    expect((await api.request('POST', `/flags/${flag.flagId}/acknowledgement`, { token: officerToken, body: {} })).status).toBe(409);

    const resolved = await api.request<Flag>('POST', `/flags/${flag.flagId}/resolution`, {
      token: officerToken,
      body: { note: 'Family moved within the city; new address passed to the case worker.', actionTaken: 'home visit arranged' },
    });
    expect(resolved.status).toBe(200);
    // An officer's answer names no one (finding 5 of issue 13): the role, and their own municipality's words.
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: { role: 'municipal_officer', actionTaken: 'home visit arranged' } });
    expect(resolved.body).not.toHaveProperty('resolution.by');
    expect(resolved.body.history.map((h) => [h.action, h.role, h.note])).toEqual([
      ['raised', 'system', undefined],
      ['escalated', 'system', 'not acknowledged 8 days after it was raised'],
      ['acknowledged', 'municipal_officer', 'Calling the family today.'],
      ['resolved', 'municipal_officer', expect.any(String)],
    ]);
    // Whoever works the case reads who did what.
    const whole = await api.request<Flag>('GET', `/flags/${flag.flagId}`, { token: workerToken });
    expect(whole.body.history.map((h) => [h.action, h.by])).toEqual([
      ['raised', 'system'],
      ['escalated', 'system'],
      ['acknowledged', 'officer-1'],
      ['resolved', 'officer-1'],
    ]);
    expect((await api.request('POST', `/flags/${flag.flagId}/resolution`, { token: officerToken, body: { note: 'again' } })).status).toBe(409);

    // Resolved flags leave the default inbox and are found with status=resolved.
    expect((await flagsFor(officerToken)).body.items.some((f) => f.flagId === flag.flagId)).toBe(false);
    expect((await flagsFor(officerToken, '?status=resolved')).body.items.map((f) => f.flagId)).toContain(flag.flagId);

    // The officer of another municipality sees none of it and cannot touch it.
    expect((await flagsFor(otherOfficerToken)).body.items.filter(mineOf)).toEqual([]);
    const other = mine.find((f) => f.type === 'missed_visit')!;
    expect((await api.request('GET', `/flags/${other.flagId}`, { token: otherOfficerToken })).status).toBe(404);
    expect((await api.request('POST', `/flags/${other.flagId}/acknowledgement`, { token: otherOfficerToken, body: {} })).status).toBe(404);
    expect((await api.request('POST', `/flags/${other.flagId}/resolution`, { token: otherOfficerToken, body: { note: 'x' } })).status).toBe(404);

    const outbox = await api.request<{ items: Array<{ type: string; detail: { flagId: string } }> }>('GET', '/local/outbox');
    const events = outbox.body.items.filter((e) => mine.some((f) => f.flagId === e.detail.flagId));
    expect(events.filter((e) => e.type === 'FlagRaised')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'FlagEscalated')).toHaveLength(3);
  });
});

describe('a transfer moves the open flags with the case', () => {
  it('after a move to another municipality, its officer sees the open flags and the first officer no longer does', async () => {
    await api.setClock(`${TODAY}T09:00:00Z`);
    const enrolled = await api.request<{ child: { childId: string; version: number; caseCode: string } }>('POST', '/children', {
      token: workerToken,
      body: enrolment({ enrolledOn: '2026-04-01' }),
    });
    const { childId } = enrolled.body.child;
    const mineOf = ofChild(enrolled.body.child);
    await runSweep();
    const before = (await flagsFor(officerToken)).body.items.filter(mineOf);
    expect(before.length).toBeGreaterThan(0);

    const current = await api.request<{ version: number }>('GET', `/children/${childId}`, { token: workerToken });
    const moved = await api.request('PATCH', `/children/${childId}`, {
      token: workerToken,
      body: { version: current.body.version, municipalityId: 'bitola' },
    });
    expect(moved.status).toBe(200);

    expect((await flagsFor(officerToken)).body.items.filter(mineOf)).toEqual([]);
    const after = (await flagsFor(otherOfficerToken)).body.items.filter(mineOf);
    expect(after.map((f) => f.flagId).sort()).toEqual(before.map((f) => f.flagId).sort());
    expect(after[0]!.history.at(-1)).toMatchObject({ action: 'transferred', role: 'system' });
  });
});

describe('a late visit closes the loop', () => {
  it('a visit logged after the sweep, dated inside the window, completes the missed checkpoint and resolves its flag', async () => {
    await api.setClock(`${TODAY}T09:00:00Z`);
    const enrolled = await api.request<{ child: { childId: string }; checkpoints: Array<{ checkpointId: string; dueOn: string }> }>('POST', '/children', {
      token: workerToken,
      body: enrolment({ enrolledOn: '2026-04-20' }),
    });
    const { childId } = enrolled.body.child;
    const first = enrolled.body.checkpoints[0]!; // due 2026-05-20, grace ended 2026-06-03
    await runSweep();
    const missedFlag = (await flagsFor(workerToken)).body.items.find((f) => f.childId === childId && f.evidence.checkpointId === first.checkpointId)!;
    expect(missedFlag).toMatchObject({ type: 'missed_visit', status: 'open' });

    const visit = await api.request<{ checkpoint: { status: string }; updatedFlags: Flag[] }>('POST', `/children/${childId}/visits`, {
      token: workerToken,
      body: { visitedOn: '2026-05-22', contactType: 'home', assessments: { health: { level: 'stable' } }, childView: { rating: 4 } },
    });
    expect(visit.status).toBe(201);
    expect(visit.body.checkpoint.status).toBe('completed');
    expect(visit.body.updatedFlags).toEqual([
      expect.objectContaining({ flagId: missedFlag.flagId, status: 'resolved', resolution: expect.objectContaining({ by: 'system', automatic: true }) }),
    ]);
    expect((await flagsFor(officerToken)).body.items.some((f) => f.flagId === missedFlag.flagId)).toBe(false);
  });
});

describe('the sweep resumes', () => {
  it('a run out of time stops cleanly (complete: false) and the next run finishes the work', async () => {
    const { runSweep: sweepWith } = await import('../../lib/data/sweep');
    const { stamp } = await import('../../lib/deps');
    await api.setClock(`${TODAY}T09:00:00Z`);
    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: workerToken,
      body: enrolment({ enrolledOn: '2026-04-10' }),
    });
    expect(enrolled.status).toBe(201);
    const { deps } = api.runtime;
    const context = { today: TODAY, now: new Date(`${TODAY}T09:00:00Z`), stamp: () => stamp(deps), escalationDays: 7, freshMonths: 6 };
    const cut = await sweepWith(deps.db, { ...context, timeLeft: () => 1_000 });
    expect(cut).toMatchObject({ complete: false, missed: 0, flagsRaised: 0 });
    const resumed = await sweepWith(deps.db, { ...context, timeLeft: () => 60_000 });
    expect(resumed.complete).toBe(true);
    expect(resumed.missed).toBeGreaterThanOrEqual(1);
  });
});
