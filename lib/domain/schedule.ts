import { addDays, addMonths, daysBetween, type IsoDate } from './dates';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

const range = (from: number, to: number, step = 1): number[] =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

/** Months after enrolment at which a follow-up checkpoint falls due, per risk level (DESIGN.md, Schedule). */
export const SCHEDULE_MONTHS: Readonly<Record<RiskLevel, readonly number[]>> = {
  high: [...range(1, 12), ...range(14, 24, 2), ...range(27, 36, 3)],
  medium: [...range(1, 6), ...range(9, 24, 3), 30, 36],
  low: [1, 3, 6, 9, 12, 18, 24, 36],
};

/** After the schedule's last month, an active case keeps a checkpoint this often until it is closed (DESIGN.md v2). */
export const ROLLING_MONTHS = 6;

/** The month the schedule of a risk level ends with (36 for every level). */
export const lastScheduledMonth = (riskLevel: RiskLevel): number => Math.max(...SCHEDULE_MONTHS[riskLevel]);

/**
 * The rolling checkpoint that follows one falling due on `after`: the first of the schedule's last month plus 6,
 * 12, … months after enrolment that is later than it, so rolling checkpoints keep to half-year marks of the
 * enrolment whatever a reschedule did.
 */
export function rollingDueOn(enrolledOn: IsoDate, riskLevel: RiskLevel, after: IsoDate): IsoDate {
  let months = lastScheduledMonth(riskLevel) + ROLLING_MONTHS;
  while (daysBetween(after, addMonths(enrolledOn, months)) <= 0) months += ROLLING_MONTHS;
  return addMonths(enrolledOn, months);
}

/** The day the schedule now followed started: the latest reopening's, or the enrolment. */
export const scheduleStartOf = (child: { enrolledOn: IsoDate; reopenings?: ReadonlyArray<{ reopenedOn: IsoDate }> }): IsoDate =>
  child.reopenings?.at(-1)?.reopenedOn ?? child.enrolledOn;

/** A change to a case's schedule, as one transaction writes it. */
export interface ScheduleChange<C> {
  /** Checkpoints of the case as the change writes them, each on the condition that its status is as read. */
  changed?: readonly C[];
  /** Checkpoints the change deletes (the future of a replaced schedule). */
  removed?: readonly C[];
  /** Checkpoints the change creates. */
  added?: readonly C[];
}

/** What keeps an active case's follow-up going once a change takes checkpoints out of `scheduled`. */
export interface FollowUpAfterChange<C> {
  /** The due date of the rolling checkpoint, when the change leaves nothing scheduled. */
  rollingDueOn?: IsoDate;
  /** The latest checkpoint left scheduled, which the change relies on: its transaction checks it still is. */
  reliesOn?: C;
}

/**
 * Follow-up does not go silent (DESIGN.md v2): an active case always has a checkpoint scheduled. When a change
 * (a visit fulfils one, the sweep marks one missed, the worker cancels one, a new risk level replaces the future)
 * leaves none, the next rolling checkpoint after the case's latest due date, cancelled checkpoints included, falls
 * due: a cancelled month 42 is followed by month 48, never by a second month 42. So a case gets one rolling
 * checkpoint at a time, and no Scan is needed to find the cases that need one. When one is left, the change relies
 * on it: two changes racing on the last two scheduled checkpoints must not both see the other one left. A change
 * that creates a checkpoint, or writes one as scheduled (on the condition that it still is), keeps one by itself.
 *
 * `checkpoints` are the case's as read.
 */
export function followUpAfterChange<C extends ScheduledCheckpoint>(
  child: { status: string; enrolledOn: IsoDate; riskLevel: RiskLevel; reopenings?: ReadonlyArray<{ reopenedOn: IsoDate }> },
  checkpoints: readonly C[],
  change: ScheduleChange<C>,
): FollowUpAfterChange<C> {
  const { added = [] } = change;
  // Stryker disable next-line ArrayDeclaration: equivalent — an element that is no checkpoint has no id that was scheduled, and no status
  const { changed = [], removed = [] } = change;
  const wasScheduled = new Set(checkpoints.filter((c) => c.status === 'scheduled').map((c) => c.checkpointId));
  const touched = new Set([...changed, ...removed].map((c) => c.checkpointId));
  // Touching only checkpoints that were not scheduled (a late visit to a missed one) takes nothing out.
  const takesOneOut = [...touched].some((id) => wasScheduled.has(id));
  const keepsOne = added.length > 0 || changed.some((c) => c.status === 'scheduled');
  if (child.status !== 'active' || !takesOneOut || keepsOne) return {};
  const left = checkpoints.filter((c) => wasScheduled.has(c.checkpointId) && !touched.has(c.checkpointId));
  if (left.length > 0) return { reliesOn: latestDue(left) };
  return { rollingDueOn: rollingDueOn(scheduleStartOf(child), child.riskLevel, latestDue(checkpoints).dueOn) };
}

const latestDue = <C extends ScheduledCheckpoint>(checkpoints: readonly C[]): C =>
  // Stryker disable next-line EqualityOperator: equivalent — of two due the same day either is the latest: the rolling date is the same, and either keeps one scheduled
  checkpoints.reduce((latest, c) => (c.dueOn > latest.dueOn ? c : latest));

export interface FollowUpPolicy {
  /** A visit this many days before the due date already counts for the checkpoint. */
  windowLeadDays: number;
  /** A checkpoint is missed when this many days after its due date pass with no visit. */
  graceDays: number;
}

export const DEFAULT_POLICY: FollowUpPolicy = { windowLeadDays: 14, graceDays: 14 };

export const CHECKPOINT_STATUSES = ['scheduled', 'completed', 'completed_late', 'missed', 'cancelled'] as const;
export type CheckpointStatus = (typeof CHECKPOINT_STATUSES)[number];

/** A checkpoint still waiting for a visit: it appears on the agenda and moves with the case on a transfer. */
export function isOpen(status: CheckpointStatus): boolean {
  return status === 'scheduled' || status === 'missed';
}

/**
 * Due dates of the whole schedule. Each date is computed from the enrolment date itself, not from the previous
 * checkpoint, so month-end clamping never drifts (31 Jan → 29 Feb → 31 Mar).
 */
export function scheduleDueDates(enrolledOn: IsoDate, riskLevel: RiskLevel): IsoDate[] {
  return SCHEDULE_MONTHS[riskLevel].map((months) => addMonths(enrolledOn, months));
}

export function graceEndsOn(dueOn: IsoDate, policy: FollowUpPolicy): IsoDate {
  return addDays(dueOn, policy.graceDays);
}

export function windowOpensOn(dueOn: IsoDate, policy: FollowUpPolicy): IsoDate {
  return addDays(dueOn, -policy.windowLeadDays);
}

interface ScheduledCheckpoint {
  checkpointId: string;
  dueOn: IsoDate;
  status: CheckpointStatus;
}

export interface RiskChangePlan<C extends ScheduledCheckpoint> {
  /** Future scheduled checkpoints of the old schedule, replaced by the new one. */
  replaced: C[];
  /** Due dates of the new risk level's schedule that fall after today. */
  newDueDates: IsoDate[];
}

/**
 * A change of risk level regenerates only the future: scheduled checkpoints due after today are replaced by
 * the new level's checkpoints due after today. Everything due today or earlier, and every checkpoint that
 * is no longer `scheduled`, is history and stays as it is; the new schedule adds no second checkpoint on a
 * date such a checkpoint already holds.
 */
export function planRiskChange<C extends ScheduledCheckpoint>(input: {
  checkpoints: readonly C[];
  enrolledOn: IsoDate;
  newRiskLevel: RiskLevel;
  today: IsoDate;
}): RiskChangePlan<C> {
  const isFuture = (dueOn: IsoDate) => daysBetween(input.today, dueOn) > 0;
  // A rolling checkpoint belongs to no risk level's schedule: a change of risk level keeps it.
  // Stryker disable next-line MethodExpression: equivalent — every level's schedule ends with month 36 (pinned in schedule.test.ts), so the latest and the earliest last month are one
  const scheduleEnds = addMonths(input.enrolledOn, Math.max(...RISK_LEVELS.map(lastScheduledMonth)));
  const replaced = input.checkpoints.filter((c) => c.status === 'scheduled' && isFuture(c.dueOn) && daysBetween(c.dueOn, scheduleEnds) >= 0);
  // A future checkpoint already visited (completed early, inside its window) stays, and is not owed twice.
  const kept = new Set(input.checkpoints.filter((c) => !replaced.includes(c)).map((c) => c.dueOn));
  return {
    replaced,
    newDueDates: scheduleDueDates(input.enrolledOn, input.newRiskLevel).filter((d) => isFuture(d) && !kept.has(d)),
  };
}

/**
 * Closing a case ends follow-up: every checkpoint still `scheduled` is cancelled, including one whose due
 * date passed but whose grace period has not, so the sweep never raises a flag for a closed case. Missed
 * and completed checkpoints are history and stay.
 */
export function checkpointsCancelledByClosure<C extends ScheduledCheckpoint>(checkpoints: readonly C[]): C[] {
  return checkpoints.filter((c) => c.status === 'scheduled');
}

export const AGENDA_CATEGORIES = ['overdue', 'due', 'upcoming'] as const;
export type AgendaCategory = (typeof AGENDA_CATEGORIES)[number];

/**
 * Where an open checkpoint stands on a case worker's agenda today: `overdue` once its due date has passed,
 * `due` while its visit window is open, `upcoming` before that.
 */
export function agendaCategory(dueOn: IsoDate, today: IsoDate, policy: FollowUpPolicy): AgendaCategory {
  if (daysBetween(dueOn, today) > 0) return 'overdue';
  if (daysBetween(windowOpensOn(dueOn, policy), today) >= 0) return 'due';
  return 'upcoming';
}
