import { keyedBy } from './keyed';
import { seriesOf, type AssessmentPoint } from './assessments';
import { CLOSURE_OUTCOMES, type Checkpoint, type Child, type ClosureOutcome } from './case';
import { addDays, addMonths, monthsSince, type IsoDate } from './dates';
import { DOMAINS, fallOf, isRated, isReintegratedLevel, type Domain, type Level } from './domains';
import type { Flag } from './flags';
import { emptyContribution, emptyMonth, type Contribution, type ReportedLevel } from './outcomes';
import { referralCountsOf, referralStaleOn } from './outcomes-referrals';
import type { Plan } from './plan';
import type { Referral } from './referrals';

/** The day figures are counted for, and how long a level counts after it was assessed (`OUTCOMES_FRESH_MONTHS`). */
export interface Freshness {
  asOf: IsoDate;
  freshMonths: number;
}

/** Reintegrated in all applicable domains at two assessments at least this far apart counts as sustained. */
export const SUSTAINED_MONTHS = 6;

/**
 * A level counts until `freshMonths` after the day it was assessed; later it is `not_recently_assessed`, never
 * reintegrated (DESIGN.md v2, "Outcome rules that do not flatter"). `not_applicable` says what the child's situation
 * is rather than how it is going, so it holds until the worker assesses a level.
 */
export function reportedLevel(level: Level, assessedOn: IsoDate, { asOf, freshMonths }: Freshness): ReportedLevel {
  return level === 'not_applicable' || asOf <= addMonths(assessedOn, freshMonths) ? level : 'not_recently_assessed';
}

/** What the figures need of a child's plan (lib/domain/plan.ts). */
export type PlanOfOutcome = Pick<Plan, 'reviewOn' | 'childParticipated'>;

/** A plan is current until its review day has passed: a plan nobody reviewed is not counted as one the child has. */
const isCurrentPlan = (plan: PlanOfOutcome | undefined, asOf: IsoDate): plan is PlanOfOutcome => plan !== undefined && plan.reviewOn >= asOf;

/** Closures that take a child out of the programme's denominators (DESIGN.md v2, "Outcome rules that do not flatter"). */
export const EXITS: readonly string[] = ['deceased', 'moved_abroad'];

type ChildOfOutcome = Pick<Child, 'baseline' | 'latestLevels' | 'status' | 'closure' | 'enrolledOn'>;
type FlagOfOutcome = Pick<Flag, 'type' | 'status' | 'raisedAt' | 'resolution' | 'evidence'>;
export type ReferralOfOutcome = Pick<Referral, 'municipalityId' | 'service' | 'status' | 'dueBy' | 'requestedOn' | 'deliveredOn'>;

const isExited = (child: Pick<Child, 'status' | 'closure'>) =>
  // Stryker disable next-line ConditionalExpression: equivalent — only a closed case has a closure (a reopening moves it into the reopening's record)
  child.status === 'closed' &&
  // Stryker disable next-line OptionalChaining,StringLiteral: equivalent — a closed case always has a closure, and its reason
  EXITS.includes(child.closure?.reason ?? '');

/** The level of each domain in force on a day, from the series: the last assessment on or before it. */
const inForceOn = (series: Record<Domain, AssessmentPoint[]>, on: IsoDate) =>
  DOMAINS.map((d) => series[d].filter((p) => p.assessedOn <= on).at(-1)!);

/** Reintegrated in every domain that applied on that day, each fresh then; false when none applied. */
function allReintegratedOn(series: Record<Domain, AssessmentPoint[]>, on: IsoDate, freshMonths: number): boolean {
  const applicable = inForceOn(series, on).filter((p) => isRated(p.level));
  return applicable.length > 0 && applicable.every((p) => isReintegratedLevel(reportedLevel(p.level, p.assessedOn, { asOf: on, freshMonths })));
}

/**
 * Sustained (DESIGN.md v2): an earlier assessment day, at least SUSTAINED_MONTHS before the latest, on which the
 * child was reintegrated in all applicable domains, and no regression flag on a visit after it up to the latest.
 * A flag the system withdrew (no longer a fall once a late visit arrived) was no regression.
 */
function isSustained(series: Record<Domain, AssessmentPoint[]>, flags: readonly FlagOfOutcome[], freshMonths: number): boolean {
  const days = [...new Set(DOMAINS.flatMap((d) => series[d].map((p) => p.assessedOn)))].sort();
  const latest = days.at(-1)!;
  const regressionFlags = flags.filter(
    (f) =>
      f.type === 'regression' &&
      // Stryker disable next-line ConditionalExpression,OptionalChaining: equivalent — only a resolved flag has a resolution (re-stating one drops it)
      !(f.status === 'resolved' && f.resolution?.automatic),
  );
  // Stryker disable next-line StringLiteral: equivalent — a regression flag always names its visit's date
  const regressions = regressionFlags.map((f) => f.evidence.visitedOn ?? '');
  return days.some(
    (day) =>
      addMonths(day, SUSTAINED_MONTHS) <= latest &&
      allReintegratedOn(series, day, freshMonths) &&
      !regressions.some(
        (on) =>
          on > day &&
          // Stryker disable next-line ConditionalExpression: equivalent — a regression is on an assessment, and none is after the latest
          on <= latest,
      ),
  );
}

/** A child's contribution on `at.asOf`, from its base records alone, so the rebuild and the stream consumer agree. */
export function contributionOf(
  child: ChildOfOutcome,
  checkpoints: readonly Pick<Checkpoint, 'status'>[],
  flags: readonly FlagOfOutcome[],
  points: readonly AssessmentPoint[],
  at: Freshness,
  // Stryker disable next-line ArrayDeclaration: equivalent — the element Stryker adds is no referral (neither due nor pending), so it counts nowhere
  referrals: readonly ReferralOfOutcome[] = [],
  plan?: PlanOfOutcome,
): Contribution {
  const c = emptyContribution();
  c.referrals = referralCountsOf(referrals, at.asOf);
  for (const { status } of checkpoints) {
    if (status === 'completed' || status === 'completed_late' || status === 'missed') c.checkpointsDue += 1;
    if (status === 'completed') c.checkpointsInTime += 1;
  }
  for (const flag of flags) {
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent — a flag has a resolution exactly when it is resolved; either test alone decides
    if (flag.status !== 'resolved' || !flag.resolution) continue;
    const days = String(Math.max(0, Math.floor((Date.parse(flag.resolution.at) - Date.parse(flag.raisedAt)) / 86_400_000)));
    c.resolutionDays[days] = (c.resolutionDays[days] ?? 0) + 1;
  }
  if (isExited(child)) {
    c.exited = 1;
    return c;
  }
  c.children = 1;
  if (isCurrentPlan(plan, at.asOf)) {
    c.currentPlan = 1;
    c.planWithChild = plan.childParticipated ? 1 : 0;
  }
  const outcome = child.closure?.outcome as ClosureOutcome | undefined;
  if (
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent — only a closed case has a closure, and its outcome is one of the list (checked at closure)
    child.status === 'closed' &&
    outcome &&
    CLOSURE_OUTCOMES.includes(outcome)
  )
    c.closureOutcomes[outcome] = 1;
  const lostContactOpen = flags.some((f) => f.type === 'lost_contact' && f.status !== 'resolved');
  c.lostToFollowUp = child.closure?.reason === 'lost_to_follow_up' || (child.status === 'active' && lostContactOpen) ? 1 : 0;
  for (const domain of DOMAINS) {
    const { level, assessedOn } = child.latestLevels[domain];
    const reported = reportedLevel(level, assessedOn, at);
    c.levels[domain][reported] = 1;
    c.applicable[domain] = isRated(level) ? 1 : 0;
    c.reintegrated[domain] = isReintegratedLevel(reported) && c.lostToFollowUp === 0 ? 1 : 0;
  }
  const applicable = DOMAINS.filter((d) => c.applicable[d] === 1);
  c.reintegratedAll = applicable.length > 0 && applicable.every((d) => c.reintegrated[d] === 1) ? 1 : 0;
  c.regressed = DOMAINS.some((d) => fallOf(child.baseline[d], child.latestLevels[d].level) > 0) ? 1 : 0;
  const series = keyedBy(DOMAINS, (d) => seriesOf(child, points, d));
  c.sustained = c.reintegratedAll === 1 && isSustained(series, flags, at.freshMonths) ? 1 : 0;
  // Stryker disable next-line EqualityOperator: equivalent — on equal dates either one is the same date
  const lastAssessed = points.reduce((last, p) => (p.assessedOn > last ? p.assessedOn : last), child.enrolledOn);
  for (let month = 0; month <= monthsSince(child.enrolledOn, lastAssessed); month += 1) {
    const on = addMonths(child.enrolledOn, month);
    const row = emptyMonth();
    row.observed = 1;
    for (const point of inForceOn(series, on)) {
      row.applicable[point.domain] = isRated(point.level) ? 1 : 0;
      row.reintegrated[point.domain] = isReintegratedLevel(reportedLevel(point.level, point.assessedOn, { asOf: on, freshMonths: at.freshMonths })) ? 1 : 0;
    }
    c.trajectory[String(month)] = row;
  }
  return c;
}

/**
 * The next day a child's contribution changes with no write: the day after its earliest fresh level's last fresh
 * day, the day after a pending referral's due day (it joins the denominator of "delivered by dueBy"), or the day after a
 * current plan's review day (it stops counting as current), whichever
 * comes first. Undefined when nothing will change with time alone (every level stale or not applicable, or the child
 * exited, and no pending referral still in time). The nightly sweep refreshes the child that day, so the live
 * figures stay one read.
 */
export function nextStaleOn(
  child: Pick<Child, 'latestLevels' | 'status' | 'closure'>,
  at: Freshness,
  // Stryker disable next-line ArrayDeclaration: equivalent — the element Stryker adds is no referral (neither due nor pending), so it counts nowhere
  referrals: readonly Pick<Referral, 'status' | 'dueBy'>[] = [],
  plan?: PlanOfOutcome,
): IsoDate | undefined {
  const staleOn = isExited(child)
    ? []
    : DOMAINS.map((d) => child.latestLevels[d])
        .filter(({ level, assessedOn }) => level !== 'not_applicable' && reportedLevel(level, assessedOn, at) !== 'not_recently_assessed')
        .map(({ assessedOn }) => addDays(addMonths(assessedOn, at.freshMonths), 1));
  const referralOn = referralStaleOn(referrals, at.asOf);
  // A current plan stops counting the day after its review day.
  const planOn = !isExited(child) && isCurrentPlan(plan, at.asOf) ? addDays(plan.reviewOn, 1) : undefined;
  return [...staleOn, ...(referralOn ? [referralOn] : []), ...(planOn ? [planOn] : [])].sort()[0];
}
