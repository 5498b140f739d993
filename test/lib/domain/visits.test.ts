import type { Checkpoint, Child, Stamp } from '../../../lib/domain/case';
import { planClosure } from '../../../lib/domain/case-changes';
import { enrol } from '../../../lib/domain/enrolment';
import { addDays } from '../../../lib/domain/dates';
import type { Domain, Level } from '../../../lib/domain/domains';
import { acknowledge, resolve } from '../../../lib/domain/flag-transitions';
import { flagSubject, raiseFlag, type Flag } from '../../../lib/domain/flags';
import type { CheckpointStatus, RiskLevel } from '../../../lib/domain/schedule';
import { compareAssessments, seriesOf, type AssessmentPoint } from '../../../lib/domain/assessments';
import { timelineOf } from '../../../lib/domain/assessments';
import { fulfilment } from '../../../lib/domain/fulfilment';
import { latestLevelsWith, planVisit, type CaseSnapshot } from '../../../lib/domain/visit-plan';
import { visitConflict, visitViolations, type VisitInput } from '../../../lib/domain/visits';
import { ENROLLED_AT, ENROLLED_ON, apply, clock, enrolmentInput, inScope } from './fixtures';

const input = enrolmentInput;

/**
 * Low risk: due 2026-02-10, 04-10, 07-10, … — windows far apart, so one checkpoint's edges touch no other.
 * Medium risk: due 2026-02-10, 03-10, 04-10, … — the first grace end (02-24) is the day the second window opens.
 */
function enrolled(riskLevel: RiskLevel = 'low'): { child: Child; checkpoints: Checkpoint[] } {
  return enrol({ ...input, riskLevel, childId: 'child-1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' }, clock(ENROLLED_AT)());
}

function withStatus(checkpoints: readonly Checkpoint[], index: number, status: CheckpointStatus, visitId?: string): Checkpoint[] {
  return checkpoints.map((c, i) => (i === index ? { ...c, status, ...(visitId ? { visitId } : {}) } : c));
}

function visitOn(visitedOn: string, levels: Partial<Record<Domain, Level>> = {}, checkpointId?: string): VisitInput {
  const assessments = Object.fromEntries(Object.entries(levels).map(([domain, level]) => [domain, { level }]));
  return { visitedOn, contactType: 'home', assessments, childView: { rating: 4 }, ...(checkpointId ? { checkpointId } : {}) };
}

function snapshotOf(child: Child, checkpoints: readonly Checkpoint[], flags: readonly Flag[] = []): CaseSnapshot {
  return { child: inScope(child), checkpoints, points: [], flags };
}

function missedVisitFlag(child: Child, checkpoint: Checkpoint, stamp: Stamp): Flag {
  return raiseFlag(
    child,
    {
      subject: flagSubject.missedVisit(checkpoint.checkpointId),
      type: 'missed_visit',
      severity: 'medium',
      evidence: { checkpointId: checkpoint.checkpointId, dueOn: checkpoint.dueOn },
    },
    stamp,
  );
}

describe('fulfilment: a visit fulfils the earliest open checkpoint whose window holds its date (D−14 … D+14)', () => {
  const { checkpoints } = enrolled('low');
  const first = checkpoints[0]!;
  const D = first.dueOn;

  it('the fixture: the first checkpoint is due 2026-02-10, its window opens 14 days before and its grace ends 14 days after', () => {
    expect([first.windowOpensOn, first.dueOn, first.graceEndsOn]).toEqual(['2026-01-27', '2026-02-10', '2026-02-24']);
  });

  it('a visit on D−15, the day before the window opens, fulfils nothing: an ad-hoc visit', () => {
    expect(fulfilment(checkpoints, addDays(D, -15))).toBeUndefined();
  });

  it.each([
    ['D−14 (the window opens)', -14],
    ['D (the due date)', 0],
    ['D+14 (the grace end)', 14],
  ])('a visit on %s completes the checkpoint', (_when, offset) => {
    expect(fulfilment(checkpoints, addDays(D, offset))).toEqual({ checkpoint: first, status: 'completed' });
  });

  it('a visit on D+15, the day after the grace end, without a checkpointId fulfils nothing: an ad-hoc visit', () => {
    expect(fulfilment(checkpoints, addDays(D, 15))).toBeUndefined();
  });

  it('a visit on D+15 naming the checkpoint fulfils it completed_late', () => {
    expect(fulfilment(checkpoints, addDays(D, 15), first.checkpointId)).toEqual({ checkpoint: first, status: 'completed_late' });
  });

  it('a visit naming a checkpoint inside its window completes it, even when another checkpoint would be picked', () => {
    const { checkpoints: medium } = enrolled('medium');
    const second = medium[1]!;
    expect(fulfilment(medium, '2026-02-24', second.checkpointId)).toEqual({ checkpoint: second, status: 'completed' });
  });

  it('a visit naming a checkpoint on its grace end day still completes it (late only after the grace end)', () => {
    expect(fulfilment(checkpoints, addDays(D, 14), first.checkpointId)).toEqual({ checkpoint: first, status: 'completed' });
  });

  it('when windows overlap the earliest open checkpoint wins, whatever order the checkpoints are read in', () => {
    const { checkpoints: medium } = enrolled('medium');
    const [m1, m2] = medium as [Checkpoint, Checkpoint];
    // 02-24 is the grace end of the first checkpoint and the day the second window opens.
    expect([m1.graceEndsOn, m2.windowOpensOn]).toEqual(['2026-02-24', '2026-02-24']);
    expect(fulfilment(medium, '2026-02-24')).toEqual({ checkpoint: m1, status: 'completed' });
    expect(fulfilment([...medium].reverse(), '2026-02-24')).toEqual({ checkpoint: m1, status: 'completed' });
  });

  it('a missed checkpoint is still fulfilled completed by a visit dated inside its window (the status follows visitedOn)', () => {
    const missed = withStatus(checkpoints, 0, 'missed');
    expect(fulfilment(missed, addDays(D, 3))).toEqual({ checkpoint: missed[0], status: 'completed' });
  });

  it('a missed checkpoint is the earliest open one when windows overlap, and wins over a scheduled later one', () => {
    const { checkpoints: medium } = enrolled('medium');
    const missed = withStatus(medium, 0, 'missed');
    expect(fulfilment(missed, '2026-02-24')).toEqual({ checkpoint: missed[0], status: 'completed' });
  });

  it.each(['completed', 'completed_late', 'cancelled'] as const)(
    'a %s checkpoint is never picked: the next open checkpoint whose window holds the date is',
    (status) => {
      const { checkpoints: medium } = enrolled('medium');
      const closed = withStatus(medium, 0, status);
      expect(fulfilment(closed, '2026-02-24')).toEqual({ checkpoint: medium[1], status: 'completed' });
    },
  );

  it.each(['completed', 'completed_late', 'cancelled'] as const)(
    'a %s checkpoint is never picked: with no other window holding the date the visit is ad hoc',
    (status) => {
      expect(fulfilment(withStatus(checkpoints, 0, status), D)).toBeUndefined();
    },
  );

  it('an unknown checkpointId fulfils nothing', () => {
    expect(fulfilment(checkpoints, D, 'no-such-checkpoint')).toBeUndefined();
  });
});

describe('planVisit: the fulfilled checkpoint records the visit; an ad-hoc visit is kept and counts for the trajectory', () => {
  it('a visit inside a window stores the checkpoint completed with the visit id, and the status it was read with', () => {
    const { child, checkpoints } = enrolled('low');
    const missed = withStatus(checkpoints, 0, 'missed');
    const stamp = clock()();
    const plan = planVisit(snapshotOf(child, missed), visitOn('2026-02-12', { education: 'stable' }), 'worker-1', stamp);
    expect(plan.visit.checkpointId).toBe(missed[0]!.checkpointId);
    expect(plan.fulfilled).toEqual({
      checkpoint: { ...missed[0], status: 'completed', visitId: plan.visit.visitId, updatedAt: stamp.at },
      statusRead: 'missed',
    });
  });

  it('an ad-hoc visit fulfils no checkpoint, carries no checkpointId, and its assessments still become points', () => {
    const { child, checkpoints } = enrolled('low');
    const plan = planVisit(snapshotOf(child, checkpoints), visitOn('2026-03-15', { housing: 'thriving' }), 'worker-1', clock()());
    expect(plan.fulfilled).toBeUndefined();
    expect(plan.visit).not.toHaveProperty('checkpointId');
    expect(plan.points).toEqual([{ domain: 'housing', level: 'thriving', assessedOn: '2026-03-15', visitId: plan.visit.visitId }]);
    expect(plan.child.latestLevels.housing).toEqual({ level: 'thriving', assessedOn: '2026-03-15', source: 'visit', visitId: plan.visit.visitId });
  });

  it('a visit after the grace end naming a missed checkpoint stores it completed_late', () => {
    const { child, checkpoints } = enrolled('low');
    const missed = withStatus(checkpoints, 0, 'missed');
    const plan = planVisit(snapshotOf(child, missed), visitOn('2026-03-01', {}, missed[0]!.checkpointId), 'worker-1', clock()());
    expect(plan.fulfilled?.checkpoint.status).toBe('completed_late');
    expect(plan.fulfilled?.statusRead).toBe('missed');
  });
});

describe('visitViolations: a visit is never in the future, never before enrolment, and names a checkpoint whose window has opened', () => {
  const { child, checkpoints } = enrolled('low');
  const first = checkpoints[0]!;
  const today = '2026-03-01';

  it('a visit today, after enrolment, with no checkpointId breaks no rule', () => {
    expect(visitViolations(child, checkpoints, { visitedOn: today }, today)).toEqual([]);
  });

  it('a visit on the enrolment date breaks no rule', () => {
    expect(visitViolations(child, checkpoints, { visitedOn: ENROLLED_ON }, today)).toEqual([]);
  });

  it('a visit dated in the future is rejected at body.visitedOn', () => {
    expect(visitViolations(child, checkpoints, { visitedOn: addDays(today, 1) }, today)).toEqual([
      { path: 'body.visitedOn', message: 'must not be in the future' },
    ]);
  });

  it('a visit dated before enrolment is rejected at body.visitedOn', () => {
    expect(visitViolations(child, checkpoints, { visitedOn: addDays(ENROLLED_ON, -1) }, today)).toEqual([
      { path: 'body.visitedOn', message: `must not be before enrolment (${ENROLLED_ON})` },
    ]);
  });

  it('an unknown checkpointId is rejected at body.checkpointId', () => {
    expect(visitViolations(child, checkpoints, { visitedOn: today, checkpointId: 'not-a-checkpoint' }, today)).toEqual([
      { path: 'body.checkpointId', message: 'is not a checkpoint of this child' },
    ]);
  });

  it('a checkpoint id from another schedule is not a checkpoint of this child', () => {
    const other = enrolled('low').checkpoints[0]!;
    expect(visitViolations(child, checkpoints, { visitedOn: today, checkpointId: other.checkpointId }, today)).toEqual([
      { path: 'body.checkpointId', message: 'is not a checkpoint of this child' },
    ]);
  });

  it('naming a checkpoint with a visit the day before its window opens is rejected at body.checkpointId', () => {
    expect(
      visitViolations(child, checkpoints, { visitedOn: addDays(first.windowOpensOn, -1), checkpointId: first.checkpointId }, today),
    ).toEqual([{ path: 'body.checkpointId', message: `the visit is before this checkpoint's window opens (${first.windowOpensOn})` }]);
  });

  it('naming a checkpoint with a visit on the day its window opens, or after its grace end, is allowed', () => {
    expect(visitViolations(child, checkpoints, { visitedOn: first.windowOpensOn, checkpointId: first.checkpointId }, today)).toEqual([]);
    expect(
      visitViolations(child, checkpoints, { visitedOn: addDays(first.graceEndsOn, 1), checkpointId: first.checkpointId }, today),
    ).toEqual([]);
  });

  it('every broken rule is reported, not only the first', () => {
    expect(visitViolations(child, checkpoints, { visitedOn: '2025-12-31', checkpointId: 'nope' }, '2025-12-01')).toEqual([
      { path: 'body.visitedOn', message: 'must not be in the future' },
      { path: 'body.visitedOn', message: `must not be before enrolment (${ENROLLED_ON})` },
      { path: 'body.checkpointId', message: 'is not a checkpoint of this child' },
    ]);
  });
});

describe('visitConflict: a closed case takes no visits, and a fulfilled or cancelled checkpoint cannot be fulfilled again', () => {
  const { child, checkpoints } = enrolled('low');
  const first = checkpoints[0]!;

  it('a closed case takes no more visits', () => {
    const closed = planClosure(inScope(child), checkpoints, { reason: 'moved abroad', outcome: 'lost', closedOn: '2026-03-01' }, 'worker-1', clock()()).child;
    expect(visitConflict(closed, checkpoints, {})).toBe('The case is closed; it takes no more visits.');
  });

  it.each(['completed', 'completed_late'] as const)('a %s checkpoint was already fulfilled by its visit', (status) => {
    const fulfilled = withStatus(checkpoints, 0, status, 'visit-0001');
    expect(visitConflict(child, fulfilled, { checkpointId: first.checkpointId })).toBe(
      `Checkpoint ${first.checkpointId} was already fulfilled by visit visit-0001.`,
    );
  });

  it('a cancelled checkpoint cannot be fulfilled', () => {
    expect(visitConflict(child, withStatus(checkpoints, 0, 'cancelled'), { checkpointId: first.checkpointId })).toBe(
      `Checkpoint ${first.checkpointId} is cancelled.`,
    );
  });

  it.each(['scheduled', 'missed'] as const)('a %s checkpoint is open and can be fulfilled', (status) => {
    expect(visitConflict(child, withStatus(checkpoints, 0, status), { checkpointId: first.checkpointId })).toBeUndefined();
  });

  it('an active case takes an ad-hoc visit', () => {
    expect(visitConflict(child, checkpoints, {})).toBeUndefined();
  });
});

describe('planVisit: fulfilling a checkpoint resolves its unresolved missed_visit flag automatically, with the reason', () => {
  const setup = () => {
    const { child, checkpoints } = enrolled('low');
    const missed = withStatus(checkpoints, 0, 'missed');
    const next = clock('2026-02-25T02:00:00.000Z');
    const flag = missedVisitFlag(child, missed[0]!, next());
    return { child, missed, flag, next };
  };

  it('a late visit naming the missed checkpoint resolves its open missed_visit flag: after its grace end', () => {
    const { child, missed, flag, next } = setup();
    const stamp = next();
    const plan = planVisit(snapshotOf(child, missed, [flag]), visitOn('2026-03-02', {}, missed[0]!.checkpointId), 'worker-1', stamp);
    const reason = `checkpoint fulfilled by visit ${plan.visit.visitId} of 2026-03-02, after its grace end`;
    expect(plan.fulfilled?.checkpoint.status).toBe('completed_late');
    expect(plan.changed).toEqual([
      {
        flag: {
          ...flag,
          status: 'resolved',
          resolution: { note: reason, at: stamp.at, by: 'system', role: 'system', automatic: true },
          history: [...flag.history, { action: 'resolved', at: stamp.at, by: 'system', role: 'system', note: reason }],
          updatedAt: stamp.at,
        },
        updatedAtRead: flag.updatedAt,
      },
    ]);
  });

  it('a visit logged late but dated inside the window resolves the flag too: inside its window', () => {
    const { child, missed, flag, next } = setup();
    const plan = planVisit(snapshotOf(child, missed, [flag]), visitOn('2026-02-20'), 'worker-1', next());
    expect(plan.fulfilled?.checkpoint.status).toBe('completed');
    expect(plan.changed.map((c) => [c.flag.flagId, c.flag.status, c.flag.resolution?.note])).toEqual([
      [flag.flagId, 'resolved', `checkpoint fulfilled by visit ${plan.visit.visitId} of 2026-02-20, inside its window`],
    ]);
  });

  it('an acknowledged missed_visit flag is resolved automatically too', () => {
    const { child, missed, flag, next } = setup();
    const acknowledged = acknowledge(inScope(flag), { by: 'officer-1', role: 'municipal_officer' }, 'calling the family', next()).flag;
    const plan = planVisit(snapshotOf(child, missed, [acknowledged]), visitOn('2026-03-02', {}, missed[0]!.checkpointId), 'worker-1', next());
    expect(plan.changed).toHaveLength(1);
    expect(plan.changed[0]!.updatedAtRead).toBe(acknowledged.updatedAt);
    expect(plan.changed[0]!.flag).toMatchObject({ flagId: flag.flagId, status: 'resolved', resolution: { automatic: true } });
    expect(plan.changed[0]!.flag.history.map((e) => e.action)).toEqual(['raised', 'acknowledged', 'resolved']);
  });

  it('a missed_visit flag already resolved by a person is left alone', () => {
    const { child, missed, flag, next } = setup();
    const resolved = resolve(inScope(flag), { by: 'officer-1', role: 'municipal_officer' }, { note: 'family reached by phone' }, next()).flag;
    const plan = planVisit(snapshotOf(child, missed, [resolved]), visitOn('2026-03-02', {}, missed[0]!.checkpointId), 'worker-1', next());
    expect(plan.fulfilled?.checkpoint.status).toBe('completed_late');
    expect(plan.changed).toEqual([]);
  });

  it('the missed_visit flag of another checkpoint is left alone', () => {
    const { child, missed, next } = setup();
    const otherFlag = missedVisitFlag(child, missed[1]!, next());
    const plan = planVisit(snapshotOf(child, missed, [otherFlag]), visitOn('2026-03-02', {}, missed[0]!.checkpointId), 'worker-1', next());
    expect(plan.changed).toEqual([]);
  });

  it('an ad-hoc visit resolves no missed_visit flag', () => {
    const { child, missed, flag, next } = setup();
    const plan = planVisit(snapshotOf(child, missed, [flag]), visitOn('2026-03-02'), 'worker-1', next());
    expect(plan.fulfilled).toBeUndefined();
    expect(plan.changed).toEqual([]);
  });
});

describe('latestLevelsWith: the latest level per domain follows the judging order, not the arrival order', () => {
  it('a visit dated after the latest assessment becomes the latest level; domains it does not assess stay', () => {
    const { child, checkpoints } = enrolled('low');
    const plan = planVisit(snapshotOf(child, checkpoints), visitOn('2026-03-01', { education: 'at_risk' }), 'worker-1', clock()());
    expect(plan.child.latestLevels.education).toEqual({ level: 'at_risk', assessedOn: '2026-03-01', source: 'visit', visitId: plan.visit.visitId });
    expect(plan.child.latestLevels.housing).toEqual(child.latestLevels.housing);
  });

  it('a late-arriving older visit does not change the latest level', () => {
    const { child, checkpoints } = enrolled('low');
    const next = clock();
    let snapshot = snapshotOf(child, checkpoints);
    const newer = planVisit(snapshot, visitOn('2026-05-01', { education: 'thriving' }), 'worker-1', next());
    snapshot = apply(snapshot, newer);
    const older = planVisit(snapshot, visitOn('2026-03-01', { education: 'critical' }), 'worker-1', next());
    expect(older.child.latestLevels.education).toEqual({ level: 'thriving', assessedOn: '2026-05-01', source: 'visit', visitId: newer.visit.visitId });
    expect(latestLevelsWith(snapshot.child.latestLevels, older.visit)).toEqual(snapshot.child.latestLevels);
  });

  it('a visit on the same day as the latest one, logged later, becomes the latest level', () => {
    const { child, checkpoints } = enrolled('low');
    const next = clock();
    let snapshot = snapshotOf(child, checkpoints);
    snapshot = apply(snapshot, planVisit(snapshot, visitOn('2026-05-01', { education: 'thriving' }), 'worker-1', next()));
    const sameDay = planVisit(snapshot, visitOn('2026-05-01', { education: 'at_risk' }), 'worker-1', next());
    expect(sameDay.child.latestLevels.education).toEqual({
      level: 'at_risk',
      assessedOn: '2026-05-01',
      source: 'visit',
      visitId: sameDay.visit.visitId,
    });
  });

  it('a visit on the enrolment date replaces the baseline as the latest level', () => {
    const { child } = enrolled('low');
    const visit = { visitId: clock()().newId(), visitedOn: ENROLLED_ON, assessments: { education: { level: 'thriving' as const } } };
    expect(latestLevelsWith(child.latestLevels, visit).education).toEqual({
      level: 'thriving',
      assessedOn: ENROLLED_ON,
      source: 'visit',
      visitId: visit.visitId,
    });
  });
});

describe('judging order: by date, the baseline first on its day, then visits on one day by visitId (log order)', () => {
  const point = (assessedOn: string, visitId?: string): AssessmentPoint => ({
    domain: 'education',
    level: 'stable',
    assessedOn,
    ...(visitId ? { visitId } : {}),
  });

  it('an earlier date comes first, whatever the ids', () => {
    expect(compareAssessments(point('2026-02-01', 'B'), point('2026-02-02', 'A'))).toBeLessThan(0);
  });

  it('two visits on the same date are ordered by visitId', () => {
    expect(compareAssessments(point('2026-02-01', 'A'), point('2026-02-01', 'B'))).toBeLessThan(0);
    expect(compareAssessments(point('2026-02-01', 'B'), point('2026-02-01', 'A'))).toBeGreaterThan(0);
  });

  it('the baseline comes before a visit on the enrolment date', () => {
    expect(compareAssessments(point(ENROLLED_ON), point(ENROLLED_ON, '0'))).toBeLessThan(0);
    expect(compareAssessments(point(ENROLLED_ON, '0'), point(ENROLLED_ON))).toBeGreaterThan(0);
  });

  it('two visits logged on the same date are judged in log order: the later-logged one against the earlier-logged one', () => {
    const { child, checkpoints } = enrolled('low');
    const next = clock();
    let snapshot = snapshotOf(child, checkpoints);
    const first = planVisit(snapshot, visitOn('2026-03-01', { education: 'thriving' }), 'worker-1', next());
    snapshot = apply(snapshot, first);
    const second = planVisit(snapshot, visitOn('2026-03-01', { education: 'at_risk' }), 'worker-1', next());
    expect(second.visit.visitId > first.visit.visitId).toBe(true);
    expect(second.raised.map((f) => [f.subject, f.severity, f.evidence.fromVisitId, f.evidence.fromLevel])).toEqual([
      [flagSubject.regression(second.visit.visitId, 'education'), 'high', first.visit.visitId, 'thriving'],
    ]);
    expect(seriesOf(child, [...snapshot.points, ...second.points], 'education').map((p) => p.visitId)).toEqual([
      undefined,
      first.visit.visitId,
      second.visit.visitId,
    ]);
  });

  it('a visit on the enrolment date is judged against the baseline, and the timeline lists the baseline first', () => {
    const { child, checkpoints } = enrolled('low');
    const plan = planVisit(snapshotOf(child, checkpoints), visitOn(ENROLLED_ON, { education: 'at_risk' }), 'worker-1', clock()());
    expect(plan.raised.map((f) => [f.evidence.fromLevel, f.evidence.toLevel, f.evidence.fromAssessedOn])).toEqual([
      ['stable', 'at_risk', ENROLLED_ON],
    ]);
    expect(plan.raised[0]!.evidence).not.toHaveProperty('fromVisitId');
    expect(timelineOf(plan.child, plan.points).education.series).toEqual([
      { level: 'stable', assessedOn: ENROLLED_ON, source: 'baseline' },
      { level: 'at_risk', assessedOn: ENROLLED_ON, source: 'visit', visitId: plan.visit.visitId },
    ]);
  });
});
