import type { Checkpoint } from '../../../lib/domain/case';
import { enrol } from '../../../lib/domain/enrolment';
import { addDays } from '../../../lib/domain/dates';
import { planCaseUpdate } from '../../../lib/domain/case-changes';
import { keepFollowUp } from '../../../lib/domain/follow-up';
import { planCheckpointChange } from '../../../lib/domain/checkpoint-changes';
import { followUpAfterChange, planRiskChange, rollingDueOn, ROLLING_MONTHS, scheduleStartOf } from '../../../lib/domain/schedule';
import { planMisses } from '../../../lib/domain/sweep';
import { planVisit } from '../../../lib/domain/visit-plan';
import { clock, enrolmentInput, inScope, visitOn } from './fixtures';

// Low risk, enrolled 2026-01-10: the schedule ends with month 36, due 2029-01-10.
function lowRiskCase() {
  const { child, checkpoints } = enrol({ ...enrolmentInput, childId: 'child-1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' }, clock('2026-01-10T08:00:00.000Z')());
  return { child: inScope(child), checkpoints };
}
const settledBefore = (checkpoints: readonly Checkpoint[], last: Checkpoint) =>
  checkpoints.map((c) => (c.checkpointId === last.checkpointId ? c : { ...c, status: 'completed' as const }));
/** The worker's visit on `on` (at 10:00) to `checkpointId`, planned on the case's checkpoints as they stand. */
const visitPlan = (child: ReturnType<typeof lowRiskCase>['child'], checkpoints: readonly Checkpoint[], checkpointId: string, on: string) =>
  planVisit({ child, checkpoints, points: [], flags: [] }, { ...visitOn(on, { housing: 'stable' }), checkpointId }, 'worker-1', clock(`${on}T10:00:00.000Z`)());

describe('rolling checkpoints: after the last scheduled checkpoint, an active case keeps one every 6 months (it always has one scheduled)', () => {
  it('the month-36 checkpoint is followed by month 42, then 48; half-year marks of the enrolment, whatever a reschedule did', () => {
    expect(ROLLING_MONTHS).toBe(6);
    expect(rollingDueOn('2026-01-10', 'low', '2029-01-10')).toBe('2029-07-10');
    expect(rollingDueOn('2026-01-10', 'high', '2029-07-10')).toBe('2030-01-10');
    // A month-36 checkpoint rescheduled to after month 42 is followed by month 48.
    expect(rollingDueOn('2026-01-10', 'medium', '2029-08-01')).toBe('2030-01-10');
    // A month-36 checkpoint rescheduled earlier (to month 34) is still followed by month 42, the schedule's last month plus 6.
    expect(rollingDueOn('2026-01-10', 'low', '2028-11-10')).toBe('2029-07-10');
    // Month-end clamping as in the schedule: 31 Jan + 42 months = 31 Jul.
    expect(rollingDueOn('2026-01-31', 'low', '2029-01-31')).toBe('2029-07-31');
  });

  it('month 36 → month 42: a visit that fulfils the last checkpoint creates the next one', () => {
    const { child, checkpoints } = lowRiskCase();
    const last = checkpoints.at(-1)!;
    expect(last.dueOn).toBe('2029-01-10');
    const plan = visitPlan(child, settledBefore(checkpoints, last), last.checkpointId, '2029-01-12');
    expect(plan.fulfilled?.checkpoint.checkpointId).toBe(last.checkpointId);
    expect(plan.created).toEqual([expect.objectContaining({ dueOn: '2029-07-10', status: 'scheduled', childId: 'child-1', caseWorkerId: 'worker-1', graceEndsOn: '2029-07-24' })]);
  });

  it('month 36 → month 42: the sweep that marks the last checkpoint missed creates the next one', () => {
    const { child, checkpoints } = lowRiskCase();
    const last = checkpoints.at(-1)!;
    const today = addDays(last.graceEndsOn, 1);
    const plan = planMisses(child, settledBefore(checkpoints, last), [], today, clock(`${today}T02:00:00.000Z`)());
    expect(plan.missed.map((m) => m.checkpoint.checkpointId)).toEqual([last.checkpointId]);
    expect(plan.created.map((c) => c.dueOn)).toEqual(['2029-07-10']);
  });

  it('settling an earlier checkpoint adds nothing, and relies on the latest one left scheduled: a case gets one rolling checkpoint at a time', () => {
    const { child, checkpoints } = lowRiskCase();
    const first = checkpoints[0]!;
    const plan = visitPlan(child, checkpoints, first.checkpointId, '2026-02-10');
    expect(plan.created).toEqual([]);
    expect(plan.stillScheduled).toEqual([checkpoints.at(-1)]);
    // With the month-42 checkpoint already there, a late visit to month 36 adds no second one.
    const last = checkpoints.at(-1)!;
    const rolling = { ...last, checkpointId: 'rolling-42', dueOn: '2029-07-10', status: 'scheduled' as const };
    const late = visitPlan(child, [...settledBefore(checkpoints, last), rolling], last.checkpointId, '2029-01-20');
    expect(late).toMatchObject({ created: [], stillScheduled: [rolling] });
  });

  it('a change that leaves the scheduled checkpoints as they were neither adds nor relies on one: a late visit to a missed checkpoint, a reschedule', () => {
    const { child, checkpoints } = lowRiskCase();
    const [first, second] = checkpoints as [Checkpoint, Checkpoint];
    const missedFirst = checkpoints.map((c) => (c === first ? { ...c, status: 'missed' as const } : c));
    expect(visitPlan(child, missedFirst, first.checkpointId, '2026-03-20')).toMatchObject({ fulfilled: { statusRead: 'missed' }, created: [], stillScheduled: [] });
    const moved = planCheckpointChange(second, { action: 'reschedule', dueOn: '2026-04-20', reason: 'Away.' }, 'worker-1', clock('2026-03-01T09:00:00.000Z')());
    expect(keepFollowUp(child, checkpoints, { changed: [moved] }, clock('2026-03-01T09:00:00.000Z')())).toEqual({ created: [], stillScheduled: [] });
    // Cancelling a missed checkpoint takes nothing out of the schedule either.
    const cancelled = planCheckpointChange(missedFirst[0]!, { action: 'cancel', reason: 'Abroad.' }, 'worker-1', clock('2026-03-01T09:00:00.000Z')());
    expect(followUpAfterChange(child, missedFirst, { changed: [cancelled] })).toEqual({});
  });

  it('a closed case keeps no rolling checkpoint', () => {
    const { child, checkpoints } = lowRiskCase();
    const last = checkpoints.at(-1)!;
    const today = addDays(last.graceEndsOn, 1);
    expect(planMisses({ ...child, status: 'closed' }, settledBefore(checkpoints, last), [], today, clock(`${today}T02:00:00.000Z`)()).created).toEqual([]);
    expect(followUpAfterChange({ ...child, status: 'closed' }, settledBefore(checkpoints, last), { changed: [{ ...last, status: 'completed' }] })).toEqual({});
  });

  it('a cancelled last checkpoint is owed nothing: settling month 24 brings month 42, the first half-year mark after month 36', () => {
    const { child, checkpoints } = lowRiskCase();
    const [month24, month36] = checkpoints.slice(-2) as [Checkpoint, Checkpoint];
    expect([month24.dueOn, month36.dueOn]).toEqual(['2028-01-10', '2029-01-10']);
    const lastCancelled = settledBefore(checkpoints, month24).map((c) => (c.checkpointId === month36.checkpointId ? { ...c, status: 'cancelled' as const } : c));
    const plan = visitPlan(child, lastCancelled, month24.checkpointId, '2028-01-12');
    expect(plan.created.map((c) => c.dueOn)).toEqual(['2029-07-10']);
  });

  it('two checkpoints due the same last day: the rolling checkpoint comes when the second settles, whichever it is', () => {
    const { child, checkpoints } = lowRiskCase();
    const [month24, month36] = checkpoints.slice(-2) as [Checkpoint, Checkpoint];
    // Month 24 rescheduled onto month 36's day.
    const sameDay = settledBefore(checkpoints, month36).map((c) => (c.checkpointId === month24.checkpointId ? { ...c, status: 'scheduled' as const, dueOn: month36.dueOn } : c));
    const visit = (cps: readonly Checkpoint[], checkpointId: string) => visitPlan(child, cps, checkpointId, '2029-01-12');
    for (const [first, second] of [
      [month24, month36],
      [month36, month24],
    ] as const) {
      const plan = visit(sameDay, first.checkpointId);
      expect(plan).toMatchObject({ created: [], stillScheduled: [expect.objectContaining({ checkpointId: second.checkpointId })] });
      const after = sameDay.map((c) => (c.checkpointId === first.checkpointId ? plan.fulfilled!.checkpoint : c));
      expect(visit(after, second.checkpointId)).toMatchObject({ created: [expect.objectContaining({ dueOn: '2029-07-10' })], stillScheduled: [] });
    }
    // The sweep that marks both missed creates one.
    const today = addDays(month36.graceEndsOn, 1);
    const swept = planMisses(child, sameDay, [], today, clock(`${today}T02:00:00.000Z`)());
    expect(swept.missed).toHaveLength(2);
    expect(swept.created.map((c) => c.dueOn)).toEqual(['2029-07-10']);
    expect(swept.stillScheduled).toEqual([]);
  });

  it('a case with an empty list of reopenings keeps to the half-year marks of its enrolment', () => {
    const { child, checkpoints } = lowRiskCase();
    const never = { ...child, reopenings: [] };
    expect(scheduleStartOf(never)).toBe('2026-01-10');
    const last = checkpoints.at(-1)!;
    expect(followUpAfterChange(never, settledBefore(checkpoints, last), { changed: [{ ...last, status: 'missed' }] })).toEqual({ rollingDueOn: '2029-07-10' });
  });

  it('a change of risk level after month 36 keeps the rolling checkpoint: it belongs to no risk level’s schedule', () => {
    const { checkpoints } = lowRiskCase();
    const rolling = { ...checkpoints.at(-1)!, checkpointId: 'rolling-42', dueOn: '2029-07-10', status: 'scheduled' as const };
    const plan = planRiskChange({ checkpoints: [...checkpoints.map((c) => ({ ...c, status: 'completed' as const })), rolling], enrolledOn: '2026-01-10', newRiskLevel: 'high', today: '2029-03-01' });
    expect(plan).toEqual({ replaced: [], newDueDates: [] });
  });
});

describe('follow-up does not go silent through a cancellation: cancelling the last checkpoint scheduled brings the next rolling one', () => {
  const cancel = (checkpoint: Checkpoint, on: string) =>
    planCheckpointChange(checkpoint, { action: 'cancel', reason: 'The child is in hospital abroad.' }, 'worker-1', clock(`${on}T09:00:00.000Z`)());

  it('month 30 settled, then month 36 cancelled: month 42 falls due', () => {
    const { child, checkpoints } = lowRiskCase();
    const month36 = checkpoints.at(-1)!;
    const cancelled = cancel(month36, '2028-12-01');
    const followUp = keepFollowUp(child, settledBefore(checkpoints, month36), { changed: [cancelled] }, clock('2028-12-01T09:00:00.000Z')());
    expect(followUp).toEqual({ created: [expect.objectContaining({ dueOn: '2029-07-10', status: 'scheduled', caseWorkerId: 'worker-1' })], stillScheduled: [] });
  });

  it('a cancelled rolling checkpoint is followed by the next half-year mark, never by a second one on its day', () => {
    const { child, checkpoints } = lowRiskCase();
    const rolling = { ...checkpoints.at(-1)!, checkpointId: 'rolling-42', dueOn: '2029-07-10', status: 'scheduled' as const };
    const cases = [...checkpoints.map((c) => ({ ...c, status: 'completed' as const })), rolling];
    expect(followUpAfterChange(child, cases, { changed: [cancel(rolling, '2029-06-01')] })).toEqual({ rollingDueOn: '2030-01-10' });
  });

  it('cancelling one of two left relies on the other: two cancellations racing on the last two cannot both leave nothing', () => {
    const { child, checkpoints } = lowRiskCase();
    const [month24, month36] = checkpoints.slice(-2) as [Checkpoint, Checkpoint];
    const twoLeft = checkpoints.map((c) => (c === month24 || c === month36 ? c : { ...c, status: 'completed' as const }));
    expect(followUpAfterChange(child, twoLeft, { changed: [cancel(month24, '2027-12-01')] })).toEqual({ reliesOn: month36 });
    expect(followUpAfterChange(child, twoLeft, { changed: [cancel(month36, '2027-12-01')] })).toEqual({ reliesOn: month24 });
  });

  it('the checkpoint relied on is the latest due, whatever the order the checkpoints are read in (a reschedule keeps its id)', () => {
    const { child, checkpoints } = lowRiskCase();
    const [month18, month24, month36] = checkpoints.slice(-3) as [Checkpoint, Checkpoint, Checkpoint];
    const movedPast36 = { ...month24, dueOn: '2029-02-01' };
    const cases = checkpoints.map((c) => (c === month24 ? movedPast36 : c === month18 || c === month36 ? c : { ...c, status: 'completed' as const }));
    expect(followUpAfterChange(child, cases, { changed: [cancel(month18, '2027-06-01')] })).toEqual({ reliesOn: movedPast36 });
  });

  it('a later checkpoint completed early does not hide that nothing is left: the earlier one settling brings the rolling one', () => {
    const { child, checkpoints } = lowRiskCase();
    const [month18, month24, month36] = checkpoints.slice(-3) as [Checkpoint, Checkpoint, Checkpoint];
    const cases = checkpoints.map((c) => {
      if (c === month24) return { ...c, status: 'completed' as const };
      if (c === month36) return { ...c, status: 'cancelled' as const };
      return c === month18 ? c : { ...c, status: 'completed' as const };
    });
    const plan = visitPlan(child, cases, month18.checkpointId, '2027-07-12');
    expect(plan.created.map((c) => c.dueOn)).toEqual(['2029-07-10']);
  });

  it('a closed case is owed nothing when its last checkpoint is cancelled', () => {
    const { child, checkpoints } = lowRiskCase();
    const month36 = checkpoints.at(-1)!;
    expect(followUpAfterChange({ ...child, status: 'closed' }, settledBefore(checkpoints, month36), { changed: [cancel(month36, '2028-12-01')] })).toEqual({});
  });
});

describe('follow-up does not go silent through a new risk level', () => {
  // Medium risk, enrolled 2026-01-10: months 24, 30 and 36 fall due 2028-01-10, 2028-07-10 and 2029-01-10.
  const mediumCase = () => {
    const { child, checkpoints } = enrol({ ...enrolmentInput, riskLevel: 'medium', childId: 'child-2', recordKey: 18, caseWorkerId: 'worker-1', organisationId: 'org-1' }, clock('2026-01-10T08:00:00.000Z')());
    return { child: inScope(child), checkpoints };
  };
  const at = clock('2028-03-01T09:00:00.000Z');

  it('low risk replaces month 30 and owes nothing on month 36’s cancelled day: the rolling month 42 is added in the same change', () => {
    const { child, checkpoints } = mediumCase();
    const [month30, month36] = checkpoints.slice(-2) as [Checkpoint, Checkpoint];
    const cases = checkpoints.map((c) => (c === month30 ? c : { ...c, status: c === month36 ? ('cancelled' as const) : ('completed' as const) }));
    const change = planCaseUpdate(child, cases, [], { riskLevel: 'low' }, '2028-03-01', at());
    expect(change.removed).toEqual([month30]);
    expect(change.added.map((c) => [c.dueOn, c.status])).toEqual([['2029-07-10', 'scheduled']]);
    expect(change.stillScheduled).toEqual([]);
  });

  it('a new risk level that leaves an untouched checkpoint scheduled relies on it; one that adds checkpoints, or moves them to a new worker, keeps one by itself', () => {
    const { child, checkpoints } = mediumCase();
    const [month30, month36] = checkpoints.slice(-2) as [Checkpoint, Checkpoint];
    const rolling = { ...month36, checkpointId: 'rolling-42', dueOn: '2029-07-10', status: 'scheduled' as const };
    const cases = [...checkpoints.map((c) => (c === month30 ? c : { ...c, status: c === month36 ? ('cancelled' as const) : ('completed' as const) })), rolling];
    expect(planCaseUpdate(child, cases, [], { riskLevel: 'low' }, '2028-03-01', at())).toMatchObject({ removed: [month30], added: [], stillScheduled: [rolling] });
    expect(planCaseUpdate(child, cases, [], { riskLevel: 'low', caseWorkerId: 'worker-2' }, '2028-03-01', at())).toMatchObject({ added: [], stillScheduled: [] });
    expect(planCaseUpdate(child, checkpoints, [], { riskLevel: 'high' }, '2028-03-01', at()).stillScheduled).toEqual([]);
  });
});
