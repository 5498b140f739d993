import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { admin, enrolment, startApi, supervisor, worker, type ApiResponse, type TestApi } from './harness';

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

  // In a municipality of their own: the misses they sweep raise flags that would crowd other tests' inboxes.
  describe('a cancellation does not silence follow-up', () => {
    const RACE = 'test:cancel-race';
    afterEach(async () => {
      api.runtime.deps.db.table.getDocumentClient().middlewareStack.remove(RACE);
      await api.setClock('2026-06-20T09:00:00Z');
    });
    /** A low-risk case enrolled on 2026-01-10, swept the night after month 18's grace: months 24 and 36 are left. */
    async function twoLeft(): Promise<{ childId: string; month24: Checkpoint; month36: Checkpoint }> {
      const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', {
        token: workerToken,
        body: enrolment({ riskLevel: 'low', enrolledOn: '2026-01-10', municipalityId: 'kumanovo' }),
      });
      const { childId } = enrolled.body.child;
      await api.setClock('2027-07-25T02:00:00Z');
      expect((await api.request('POST', '/sweeps', { token: adminToken })).status).toBe(200);
      const left = (await schedule(childId)).filter((c) => c.status === 'scheduled');
      expect(left.map((c) => c.dueOn)).toEqual(['2028-01-10', '2029-01-10']);
      return { childId, month24: left[0]!, month36: left[1]! };
    }
    /** The first transaction that writes a checkpoint as `status` is held, built but not sent, until `run` has run whole. */
    function runBeforeTransactionWriting(status: string, run: () => Promise<ApiResponse<Checkpoint>>): () => Promise<ApiResponse<Checkpoint>> {
      let raced: Promise<ApiResponse<Checkpoint>> | undefined;
      api.runtime.deps.db.table.getDocumentClient().middlewareStack.add(
        (next) => async (args) => {
          const items = (args.input as Partial<TransactWriteCommandInput>).TransactItems ?? [];
          if (!raced && items.some((item) => item.Put?.Item?.['status'] === status)) {
            raced = run();
            await raced;
          }
          return next(args);
        },
        { step: 'initialize', name: RACE },
      );
      return () => raced ?? Promise.reject(new Error(`no transaction wrote a checkpoint as ${status}`));
    }
    const cancel = (childId: string, checkpoint: Checkpoint) =>
      api.request<Checkpoint>('PATCH', `/children/${childId}/checkpoints/${checkpoint.checkpointId}`, {
        token: workerToken,
        body: { action: 'cancel', reason: 'The child is in hospital abroad.' },
      });

    it('cancelling the last checkpoint left scheduled brings the next rolling one: month 36 cancelled, month 42 due', async () => {
      const { childId, month24, month36 } = await twoLeft();
      expect((await cancel(childId, month24)).status).toBe(200);
      expect((await cancel(childId, month36)).status).toBe(200);
      const after = await schedule(childId);
      expect(after.filter((c) => c.status === 'scheduled').map((c) => c.dueOn)).toEqual(['2029-07-10']);
      expect(after.filter((c) => c.status === 'cancelled').map((c) => c.dueOn)).toEqual(['2028-01-10', '2029-01-10']);
    });

    it('a new risk level that replaces month 30 after month 36 was cancelled brings month 42 in the same change', async () => {
      const enrolled = await api.request<{ child: { childId: string; version: number } }>('POST', '/children', {
        token: workerToken,
        body: enrolment({ riskLevel: 'medium', enrolledOn: '2026-01-10', municipalityId: 'kumanovo' }),
      });
      const { childId, version } = enrolled.body.child;
      await api.setClock('2028-01-25T02:00:00Z');
      expect((await api.request('POST', '/sweeps', { token: adminToken })).status).toBe(200);
      const left = (await schedule(childId)).filter((c) => c.status === 'scheduled');
      expect(left.map((c) => c.dueOn)).toEqual(['2028-07-10', '2029-01-10']);
      expect((await cancel(childId, left[1]!)).status).toBe(200);
      const changed = await api.request('PATCH', `/children/${childId}`, { token: workerToken, body: { version, riskLevel: 'low' } });
      expect(changed.status).toBe(200);
      expect((await schedule(childId)).filter((c) => c.status === 'scheduled').map((c) => c.dueOn)).toEqual(['2029-07-10']);
    });

    it('a visit to month 24 raced by the cancellation of month 36: the visit reads the case again and brings month 42', async () => {
      const { childId, month24, month36 } = await twoLeft();
      await api.setClock('2028-01-10T09:00:00Z');
      // The visit has read the case and built its transaction; the cancellation runs whole before it is sent.
      const raced = runBeforeTransactionWriting('completed', () => cancel(childId, month36));
      const visit = await api.request('POST', `/children/${childId}/visits`, {
        token: workerToken,
        body: { visitedOn: '2028-01-10', checkpointId: month24.checkpointId, contactType: 'home', assessments: { housing: { level: 'stable' } }, childView: { rating: 4 } },
      });
      expect([visit.status, (await raced()).status]).toEqual([201, 200]);
      const after = await schedule(childId);
      expect(after.filter((c) => c.dueOn >= '2028-01-10').map((c) => [c.dueOn, c.status])).toEqual([
        ['2028-01-10', 'completed'],
        ['2029-01-10', 'cancelled'],
        ['2029-07-10', 'scheduled'],
      ]);
    });

    it('two cancellations racing on the last two scheduled checkpoints: the one that relied on the other is refused (409), and one stays scheduled', async () => {
      const { childId, month24, month36 } = await twoLeft();
      // The first cancellation has read the schedule and built its transaction; the second runs whole before it is sent.
      const second = runBeforeTransactionWriting('cancelled', () => cancel(childId, month36));
      const first = await cancel(childId, month24);
      expect([first.status, (await second()).status]).toEqual([409, 200]);
      expect(first.body).toMatchObject({ detail: expect.stringMatching(/schedule changed/) });
      expect((await schedule(childId)).filter((c) => c.status === 'scheduled').map((c) => c.dueOn)).toEqual(['2028-01-10']);
    });
  });
});

describe('concerns raised by people', () => {
  interface FlagView {
    flagId: string;
    type: string;
    concernType?: string;
    severity: string;
    status: string;
    history: Array<{ action: string; role: string; note?: string }>;
  }
  const NOTE = 'The aunt says an unknown man waited for her outside school twice this week.';
  let childId: string;
  let officer: string;
  beforeAll(async () => {
    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', { token: workerToken, body: enrolment({ municipalityId: 'skopje' }) });
    childId = enrolled.body.child.childId;
    officer = await api.tokenFor({ role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje'] });
  });
  const raise = (token: string, body: unknown, headers: Record<string, string> = {}) =>
    api.request<FlagView>('POST', `/children/${childId}/concerns`, { token, body, headers });

  it('a concern raised by a worker reaches the officer’s inbox and the outbox at once, high, with its type and without the worker’s words', async () => {
    const raised = await raise(workerToken, { type: 're_trafficking_risk', note: NOTE });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ type: 'concern', concernType: 're_trafficking_risk', severity: 'high', status: 'open' });
    expect(raised.body.history).toEqual([expect.objectContaining({ action: 'raised', role: 'social_worker', note: NOTE })]);

    const inbox = await api.request<{ items: FlagView[] }>('GET', '/flags?type=concern', { token: officer });
    const seen = inbox.body.items.find((f) => f.flagId === raised.body.flagId);
    expect(seen).toMatchObject({ type: 'concern', concernType: 're_trafficking_risk', severity: 'high' });
    expect(JSON.stringify(seen)).not.toContain(NOTE);

    const outbox = await api.request<{ items: Array<{ type: string; detail: { flagId: string; type: string } }> }>('GET', '/local/outbox');
    expect(outbox.body.items.filter((e) => e.detail.flagId === raised.body.flagId)).toEqual([
      expect.objectContaining({ type: 'FlagRaised', detail: expect.objectContaining({ type: 'concern' }) }),
    ]);
  });

  it('an officer raises one for a child of their municipality and reads their own words; an officer of another municipality gets 404', async () => {
    const own = await raise(officer, { type: 'missing', note: 'Not seen at the shelter since Monday.' });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ type: 'concern', concernType: 'missing', history: [{ action: 'raised', role: 'municipal_officer', note: 'Not seen at the shelter since Monday.' }] });
    expect(own.body).not.toHaveProperty('caseWorkerId');
    const elsewhere = await api.tokenFor({ role: 'municipal_officer', sub: 'officer-2', municipalityIds: ['bitola'] });
    expect((await raise(elsewhere, { type: 'missing', note: 'x' })).status).toBe(404);
  });

  it('a worker of another caseload or organisation gets 404, as if the child did not exist; an evaluator 403', async () => {
    expect((await raise(await api.tokenFor(worker('worker-2')), { type: 'other', note: 'x' })).status).toBe(404);
    expect((await raise(await api.tokenFor(worker('worker-1', 'org-2')), { type: 'other', note: 'x' })).status).toBe(404);
    expect((await raise(await api.tokenFor({ role: 'evaluator', sub: 'evaluator-1' }), { type: 'other', note: 'x' })).status).toBe(403);
  });

  it('a retry with the same Idempotency-Key answers the first concern and raises nothing twice; bad input is 400 and raises nothing', async () => {
    const key = { 'idempotency-key': 'concern-retry-1' };
    const first = await raise(workerToken, { type: 'safeguarding', note: 'Bruises on the arm.' }, key);
    const again = await raise(workerToken, { type: 'safeguarding', note: 'Bruises on the arm.' }, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body.flagId).toBe(first.body.flagId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const before = await api.request<{ items: FlagView[] }>('GET', `/flags?type=concern&status=open&limit=100`, { token: workerToken });
    const bad = await raise(workerToken, { type: 'gossip', note: '' });
    expect(bad.status).toBe(400);
    const after = await api.request<{ items: FlagView[] }>('GET', `/flags?type=concern&status=open&limit=100`, { token: workerToken });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });
});

describe('reopening', () => {
  it('a closed case reopened gets new checkpoints from that day and keeps its visits, its closure and its audit trail', async () => {
    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: workerToken,
      body: enrolment({ riskLevel: 'medium', enrolledOn: '2026-01-15' }),
    });
    const { childId } = enrolled.body.child;
    const visit = await api.request('POST', `/children/${childId}/visits`, {
      token: workerToken,
      body: { visitedOn: '2026-02-14', contactType: 'home', assessments: { housing: { level: 'stable' } }, childView: { rating: 4 } },
    });
    expect(visit.status).toBe(201);
    expect((await api.request('POST', `/children/${childId}/closure`, { token: workerToken, body: { reason: 'reintegrated', outcome: 'reintegrated' } })).status).toBe(200);
    expect((await schedule(childId)).filter((c) => c.status === 'scheduled')).toEqual([]);

    const reopened = await api.request<{ status: string; closure?: unknown; reopenings: Array<{ reason: string; reopenedOn: string; closure: { reason: string } }> }>(
      'POST',
      `/children/${childId}/reopening`,
      { token: workerToken, body: { reason: 'Relapse reported by the school.' } },
    );
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'active', reopenings: [{ reason: 'Relapse reported by the school.', reopenedOn: '2026-06-20', closure: { reason: 'reintegrated' } }] });
    expect(reopened.body).not.toHaveProperty('closure');

    // Medium risk from 2026-06-20: monthly for six months, then 9, 12, …; the old schedule stays as it was.
    const after = await schedule(childId);
    expect(after.filter((c) => c.status === 'scheduled').map((c) => c.dueOn).slice(0, 3)).toEqual(['2026-07-20', '2026-08-20', '2026-09-20']);
    expect(after.filter((c) => c.status === 'cancelled').length).toBeGreaterThan(0);
    const visits = await api.request<{ items: unknown[] }>('GET', `/children/${childId}/visits`, { token: workerToken });
    expect(visits.body.items).toHaveLength(1);
    const trail = await api.request<{ items: Array<{ action: string }> }>('GET', `/children/${childId}/audit?limit=100`, { token: await api.tokenFor({ role: 'supervisor', sub: 'supervisor-1', organisationId: 'org-1' }) });
    expect(trail.body.items.map((e) => e.action)).toContain('child.reopen');

    const again = await api.request('POST', `/children/${childId}/reopening`, { token: workerToken, body: { reason: 'Again.' } });
    expect(again.status).toBe(409);
    expect((await api.request('POST', `/children/${childId}/reopening`, { token: workerToken, body: {} })).status).toBe(400);
  });
});

describe('VisitsDue reminders', () => {
  it('the sweep publishes one VisitsDue event per case worker, with counts only, and a second run that night publishes none', async () => {
    const [alice, bob] = [worker('remind-alice', 'org-r'), worker('remind-bob', 'org-r')];
    // Enrolled 2026-05-25 at medium risk: month 1 is due 2026-06-25, inside the 7 days from 2026-06-20.
    for (const who of [alice, alice, bob]) {
      const enrolled = await api.request('POST', '/children', { token: await api.tokenFor(who), body: enrolment({ riskLevel: 'medium', enrolledOn: '2026-05-25' }) });
      expect(enrolled.status).toBe(201);
    }
    // And one of alice's whose month-1 checkpoint was due 2026-06-15: overdue, still in its grace.
    await api.request('POST', '/children', { token: await api.tokenFor(alice), body: enrolment({ riskLevel: 'medium', enrolledOn: '2026-05-15' }) });

    const sweep = await api.request<{ remindersSent: number }>('POST', '/sweeps', { token: adminToken });
    expect(sweep.status).toBe(200);
    const outbox = await api.request<{ items: Array<{ type: string; detail: Record<string, unknown> }> }>('GET', '/local/outbox');
    const reminders = outbox.body.items.filter((e) => e.type === 'VisitsDue' && String(e.detail.caseWorkerId).startsWith('remind-'));
    expect(reminders.map((e) => e.detail).sort((a, b) => String(a.caseWorkerId).localeCompare(String(b.caseWorkerId)))).toEqual([
      { caseWorkerId: 'remind-alice', organisationId: 'org-r', day: '2026-06-20', dueSoon: 2, overdue: 1 },
      { caseWorkerId: 'remind-bob', organisationId: 'org-r', day: '2026-06-20', dueSoon: 1, overdue: 0 },
    ]);

    const again = await api.request<{ remindersSent: number }>('POST', '/sweeps', { token: adminToken });
    expect(again.body.remindersSent).toBe(0);
    const after = await api.request<{ items: Array<{ type: string; detail: Record<string, unknown> }> }>('GET', '/local/outbox');
    expect(after.body.items.filter((e) => e.type === 'VisitsDue' && String(e.detail.caseWorkerId).startsWith('remind-'))).toHaveLength(2);
  });
});

describe('outcome rules that do not flatter, through the local API', () => {
  it('a child with stable levels and an open lost-contact flag is not reintegrated; a child closed as moved abroad leaves the denominator', async () => {
    const stable = { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'stable' };
    // Enrolled in 2025-Q3 and never visited: by 2026-06-20 the sweep finds two consecutive misses, and the baseline
    // levels, eleven months old, are not recently assessed.
    const lost = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: workerToken,
      body: enrolment({ riskLevel: 'medium', enrolledOn: '2025-07-15', baseline: stable }),
    });
    const abroad = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: workerToken,
      body: enrolment({ riskLevel: 'medium', enrolledOn: '2025-08-15', baseline: stable }),
    });
    expect([lost.status, abroad.status]).toEqual([201, 201]);
    const closed = await api.request('POST', `/children/${abroad.body.child.childId}/closure`, { token: workerToken, body: { reason: 'moved_abroad', outcome: 'unknown' } });
    expect(closed.status).toBe(200);
    expect((await api.request('POST', '/sweeps', { token: adminToken })).status).toBe(200);
    const child = await api.request<{ openFlags: Array<{ type: string }> }>('GET', `/children/${lost.body.child.childId}`, { token: workerToken });
    expect(child.body.openFlags.map((f) => f.type)).toContain('lost_contact');
    await api.request('GET', '/local/outbox');

    // What the figures are released from: the projection's own counts for the cohort.
    const { outcomeCells } = await import('../../lib/data/outcomes');
    const cells = await outcomeCells(api.runtime.deps.db, '2025-Q3');
    const sum = (pick: (c: (typeof cells)[number]['contribution']) => number) => cells.reduce((total, cell) => total + pick(cell.contribution), 0);
    expect({
      children: sum((c) => c.children),
      lostToFollowUp: sum((c) => c.lostToFollowUp),
      stableInHousing: sum((c) => c.levels.housing.stable),
      staleInHousing: sum((c) => c.levels.housing.not_recently_assessed),
      reintegratedInHousing: sum((c) => c.reintegrated.housing),
      reintegratedAll: sum((c) => c.reintegratedAll),
      exited: sum((c) => c.exited),
    }).toEqual({ children: 1, lostToFollowUp: 1, stableInHousing: 0, staleInHousing: 1, reintegratedInHousing: 0, reintegratedAll: 0, exited: 1 });

    // And the answer an evaluator gets carries the count apart.
    const outcomes = await api.request<{ figures: { exited: unknown } }>('GET', '/outcomes?cohort=2025-Q3', { token: await api.tokenFor({ role: 'evaluator', sub: 'evaluator-1' }) });
    expect(outcomes.status).toBe(200);
    expect(outcomes.body.figures).toHaveProperty('exited');
  });
});

describe('freshness, not_applicable, sustained reintegration and the demographic filters, through the local API', () => {
  const evaluator = () => api.tokenFor({ role: 'evaluator', sub: 'evaluator-1' });
  /** The projection's own counts of a cohort, summed: what the figures are released from. */
  const cohortCounts = async (cohort: string) => {
    const { outcomeCells } = await import('../../lib/data/outcomes');
    const cells = await outcomeCells(api.runtime.deps.db, cohort);
    const sum = (pick: (c: (typeof cells)[number]['contribution']) => number) => cells.reduce((total, cell) => total + pick(cell.contribution), 0);
    return {
      children: sum((c) => c.children),
      housing: { stable: sum((c) => c.levels.housing.stable), stale: sum((c) => c.levels.housing.not_recently_assessed) },
      vocationalApplicable: sum((c) => c.applicable.vocational_training),
      reintegratedAll: sum((c) => c.reintegratedAll),
      sustained: sum((c) => c.sustained),
      cells: cells.map((c) => [c.sex, c.ageBand]),
    };
  };

  it('a level goes stale with time alone: the figures say so only after the night’s sweep counts the child again, with no Scan at read', async () => {
    // A boy of 9 at enrolment, vocational training not applicable; stable again six months and a day later; closed
    // as reintegrated, so nothing but time changes his figures afterwards.
    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', {
      token: workerToken,
      body: enrolment({
        sex: 'male',
        birthDate: '2016-03-01',
        enrolledOn: '2025-10-01',
        baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'not_applicable' },
      }),
    });
    expect(enrolled.status).toBe(201);
    const { childId } = enrolled.body.child;
    const visit = await api.request('POST', `/children/${childId}/visits`, {
      token: workerToken,
      body: { visitedOn: '2026-04-02', contactType: 'home', assessments: { education: { level: 'stable' }, housing: { level: 'thriving' }, health: { level: 'stable' } }, childView: { rating: 4 } },
    });
    expect(visit.status).toBe(201);
    const closed = await api.request('POST', `/children/${childId}/closure`, { token: workerToken, body: { reason: 'reintegrated', outcome: 'reintegrated' } });
    expect(closed.status).toBe(200);
    await api.request('GET', '/local/outbox');
    expect(await cohortCounts('2025-Q4')).toEqual({
      children: 1,
      housing: { stable: 0, stale: 0 },
      vocationalApplicable: 0,
      reintegratedAll: 1,
      sustained: 1,
      cells: [['male', '9-11']],
    });

    // 2026-10-03: the visit is six months and a day old. Until the sweep runs, the live figures are those of its last count.
    await api.setClock('2026-10-03T01:00:00Z');
    expect((await cohortCounts('2025-Q4')).reintegratedAll).toBe(1);
    await api.setClock('2026-10-03T02:00:00Z');
    const sweep = await api.request<{ outcomesRefreshed: number }>('POST', '/sweeps', { token: adminToken });
    expect(sweep.status).toBe(200);
    expect(sweep.body.outcomesRefreshed).toBeGreaterThanOrEqual(1);
    await api.request('GET', '/local/outbox');
    expect(await cohortCounts('2025-Q4')).toMatchObject({ children: 1, housing: { stable: 0, stale: 1 }, vocationalApplicable: 0, reintegratedAll: 0, sustained: 0 });
    // Nothing is left to go stale: a second night counts him no more.
    await api.setClock('2026-10-04T02:00:00Z');
    const again = await api.request<{ outcomesRefreshed: number }>('POST', '/sweeps', { token: adminToken });
    const { GetItemCommand } = await import('dynamodb-toolbox/entity/actions/get');
    const row = await api.runtime.deps.db.outcomeRows.build(GetItemCommand).key({ childId }).send();
    expect(row.Item?.staleOn).toBeUndefined();
    expect(again.status).toBe(200);

    const outcomes = await api.request<{ figures: { domains: Record<string, { levels: Record<string, unknown> }>; sustainedShare: unknown } }>(
      'GET',
      '/outcomes?cohort=2025-Q4',
      { token: await evaluator() },
    );
    expect(outcomes.status).toBe(200);
    expect(Object.keys(outcomes.body.figures.domains.housing!.levels)).toEqual(['critical', 'at_risk', 'stable', 'thriving', 'not_applicable', 'not_recently_assessed']);
    expect(outcomes.body.figures).toHaveProperty('sustainedShare');
    await api.setClock('2026-06-20T09:00:00Z');
  });

  it('figures by sex and age band are for the programme or a cohort: crossed with a municipality or a risk level the query is 400, and they have no breakdown', async () => {
    const token = await evaluator();
    const bySex = await api.request<{ filter: Record<string, string>; breakdown: unknown[] }>('GET', '/outcomes?sex=female&ageBand=12-14&cohort=2026', { token });
    expect(bySex.status).toBe(200);
    expect(bySex.body.filter).toMatchObject({ sex: 'female', ageBand: '12-14', cohort: '2026' });
    expect(bySex.body.breakdown).toEqual([]);
    for (const query of ['sex=female&municipalityId=skopje', 'ageBand=12-14&riskLevel=high']) {
      const refused = await api.request<{ status: number; errors: Array<{ path: string }> }>('GET', `/outcomes?${query}`, { token });
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
    }
    expect((await api.request('GET', '/outcomes?sex=unknown', { token })).status).toBe(400);
  });
});

describe('consent', () => {
  it('is recorded, listed and withdrawn from that moment, once; another child’s consent id is not found; bad input is 400 and records nothing', async () => {
    const enrolled = await api.request<{ child: { childId: string } }>('POST', '/children', { token: workerToken, body: enrolment() });
    const other = await api.request<{ child: { childId: string } }>('POST', '/children', { token: workerToken, body: enrolment() });
    const { childId } = enrolled.body.child;
    const consents = () => api.request<{ items: Array<{ consentId: string; scope: string; withdrawal?: { at: string; reason?: string } }> }>('GET', `/children/${childId}/consents`, { token: workerToken });

    const bad = await api.request('POST', `/children/${childId}/consents`, { token: workerToken, body: { scope: 'referral', givenBy: 'guardian', givenOn: '2026-06-21' } });
    expect(bad.status).toBe(400);
    expect((await consents()).body.items).toEqual([]);

    const recorded = await api.request<{ consentId: string }>('POST', `/children/${childId}/consents`, {
      token: workerToken,
      body: { scope: 'referral', givenBy: 'guardian', givenOn: '2026-06-01' },
    });
    expect(recorded.status).toBe(201);
    const { consentId } = recorded.body;
    expect((await consents()).body.items.map((c) => [c.consentId, c.scope, c.withdrawal])).toEqual([[consentId, 'referral', undefined]]);

    const elsewhere = await api.request('POST', `/children/${other.body.child.childId}/consents/${consentId}/withdrawal`, { token: workerToken, body: {} });
    expect(elsewhere.status).toBe(404);
    const withdrawn = await api.request<{ withdrawal: { at: string; reason: string } }>('POST', `/children/${childId}/consents/${consentId}/withdrawal`, {
      token: workerToken,
      body: { reason: 'The guardian asked to stop.' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.withdrawal).toMatchObject({ at: expect.stringMatching(/^2026-06-20T09:/), reason: 'The guardian asked to stop.' });
    const again = await api.request('POST', `/children/${childId}/consents/${consentId}/withdrawal`, { token: workerToken, body: {} });
    expect(again.status).toBe(409);
    expect((await consents()).body.items[0]!.withdrawal).toEqual(withdrawn.body.withdrawal);

    const audit = await api.request<{ items: Array<{ action: string }> }>('GET', `/children/${childId}/audit`, { token: await api.tokenFor(supervisor()) });
    expect(audit.body.items.map((e) => e.action)).toEqual(expect.arrayContaining(['consent.record', 'consent.withdraw', 'consents.read']));
  });
});
