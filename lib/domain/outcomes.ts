import type { AgeBand } from './age-bands';
import { CLOSURE_OUTCOMES, type Checkpoint, type Child, type ClosureOutcome, type Sex, type Violation } from './case';
import { addDays, addMonths, monthsSince, type IsoDate } from './dates';
import { seriesOf, type AssessmentPoint } from './assessments';
import { DOMAINS, LEVELS, fallOf, isRated, isReintegratedLevel, type Domain, type Level } from './domains';
import type { Flag } from './flags';
import { combineReferrals, referralCountsOf, referralStaleOn, type ReferralTable } from './outcomes-referrals';
import type { Referral } from './referrals';
import type { Plan } from './plan';
import type { RiskLevel } from './schedule';

/** `2024-Q3`: the enrolment quarter a child's figures are counted in. */
export function cohortQuarter(enrolledOn: IsoDate): string {
  const [year, month] = enrolledOn.split('-').map(Number) as [number, number];
  return `${year}-Q${Math.ceil(month / 3)}`;
}

/** The cell of the outcome tables a child is counted in: what evaluators filter and break down by. */
export interface CellKey {
  cohort: string;
  municipalityId: string;
  riskLevel: RiskLevel;
  sex: Sex;
  /** At enrolment, so a child stays in its cell as it grows older. */
  ageBand: AgeBand;
}

/** What the figures say of a domain: its level while fresh, `not_recently_assessed` once it is not. */
export const REPORTED_LEVELS = [...LEVELS, 'not_recently_assessed'] as const;
export type ReportedLevel = (typeof REPORTED_LEVELS)[number];

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

/**
 * What one child adds to its cell. Everything is a count, so a cell is the sum of its children's
 * contributions, and a change of one child moves its cell by the difference of two contributions.
 */
export interface Contribution {
  children: number;
  /** Per domain, children at each level as reported at `asOf` (a stale level is `not_recently_assessed`). */
  levels: Record<Domain, Record<ReportedLevel, number>>;
  /** Per domain, children the domain applies to (latest level not `not_applicable`): the domain's denominator. */
  applicable: Record<Domain, number>;
  /**
   * Per domain, children counted as reintegrated there: level stable or thriving and fresh, and not lost to follow-up
   * (a level nobody can check any more does not count as success; `levels` still says what it last was).
   */
  reintegrated: Record<Domain, number>;
  /** Children reintegrated in every domain that applies to them (at least one does), by the same rule. */
  reintegratedAll: number;
  /**
   * Children reintegrated in all applicable domains now, and at an assessment at least SUSTAINED_MONTHS before their
   * latest one, with no regression flag between the two.
   */
  sustained: number;
  /**
   * Children whose case closed as deceased or moved abroad: out of every denominator (children, levels, shares,
   * trajectory) and reported apart. Their settled checkpoints and resolved flags still count: the service was given.
   */
  exited: number;
  /** Closed cases still in the denominators, by the outcome their worker recorded at closure. */
  closureOutcomes: Record<ClosureOutcome, number>;
  /** Children whose latest level is below their baseline in at least one domain. */
  regressed: number;
  /** Children closed as lost to follow-up, or with an unresolved lost-contact flag. */
  lostToFollowUp: number;
  /** Settled checkpoints visited inside their window. */
  checkpointsInTime: number;
  /**
   * Settled checkpoints: visited in their window, visited late, or missed. A checkpoint visited early is
   * settled before its grace ends; one still scheduled is not counted yet, so figures depend on writes only.
   */
  checkpointsDue: number;
  /** Resolved flags by whole days from raised to resolved. */
  resolutionDays: Record<string, number>;
  /**
   * By whole months since enrolment: children followed that long (up to their latest assessment), and of those,
   * per domain, the ones the domain applied to then and the ones whose level then was stable or thriving and fresh.
   */
  trajectory: Record<string, TrajectoryCounts>;
  /**
   * The child's referrals by the municipality each is counted for and by service (lib/domain/outcomes-referrals.ts):
   * the denominator of "delivered by dueBy", those delivered in time, and the days to delivery. Counted for children
   * who left the programme too: the service was owed.
   */
  referrals: ReferralTable;
  /** Children with a current reintegration plan: one whose review day has not passed. */
  currentPlan: number;
  /** Of those, children whose current plan was made with them taking part. */
  planWithChild: number;
}

/** What the figures need of a child's plan (lib/domain/plan.ts). */
export type PlanOfOutcome = Pick<Plan, 'reviewOn' | 'childParticipated'>;

/** A plan is current until its review day has passed: a plan nobody reviewed is not counted as one the child has. */
const isCurrentPlan = (plan: PlanOfOutcome | undefined, asOf: IsoDate): plan is PlanOfOutcome => plan !== undefined && plan.reviewOn >= asOf;

export interface TrajectoryCounts {
  observed: number;
  applicable: Record<Domain, number>;
  reintegrated: Record<Domain, number>;
}

const byDomain = (value: number) => Object.fromEntries(DOMAINS.map((d) => [d, value])) as Record<Domain, number>;
const emptyMonth = (): TrajectoryCounts => ({ observed: 0, applicable: byDomain(0), reintegrated: byDomain(0) });

export function emptyContribution(): Contribution {
  return {
    children: 0,
    levels: Object.fromEntries(DOMAINS.map((d) => [d, Object.fromEntries(REPORTED_LEVELS.map((l) => [l, 0]))])) as Contribution['levels'],
    applicable: byDomain(0),
    reintegrated: byDomain(0),
    reintegratedAll: 0,
    sustained: 0,
    exited: 0,
    closureOutcomes: Object.fromEntries(CLOSURE_OUTCOMES.map((o) => [o, 0])) as Contribution['closureOutcomes'],
    regressed: 0,
    lostToFollowUp: 0,
    checkpointsInTime: 0,
    checkpointsDue: 0,
    resolutionDays: {},
    trajectory: {},
    referrals: {},
    currentPlan: 0,
    planWithChild: 0,
  };
}

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
  const series = Object.fromEntries(DOMAINS.map((d) => [d, seriesOf(child, points, d)])) as Record<Domain, AssessmentPoint[]>;
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

const sumByDomain = (a: Record<Domain, number>, b: Record<Domain, number>, sign: number) =>
  Object.fromEntries(DOMAINS.map((d) => [d, a[d] + sign * b[d]])) as Record<Domain, number>;

/** `a + sign × b`, count by count; a sign other than ±1 scales `b` (a child's record key, for the key sums). */
export function combine(a: Contribution, b: Contribution, sign = 1): Contribution {
  const sum = emptyContribution();
  sum.children = a.children + sign * b.children;
  for (const d of DOMAINS) for (const l of REPORTED_LEVELS) sum.levels[d][l] = a.levels[d][l] + sign * b.levels[d][l];
  sum.applicable = sumByDomain(a.applicable, b.applicable, sign);
  sum.reintegrated = sumByDomain(a.reintegrated, b.reintegrated, sign);
  sum.reintegratedAll = a.reintegratedAll + sign * b.reintegratedAll;
  sum.sustained = a.sustained + sign * b.sustained;
  sum.exited = a.exited + sign * b.exited;
  for (const o of CLOSURE_OUTCOMES) sum.closureOutcomes[o] = a.closureOutcomes[o] + sign * b.closureOutcomes[o];
  sum.regressed = a.regressed + sign * b.regressed;
  sum.lostToFollowUp = a.lostToFollowUp + sign * b.lostToFollowUp;
  sum.checkpointsInTime = a.checkpointsInTime + sign * b.checkpointsInTime;
  sum.checkpointsDue = a.checkpointsDue + sign * b.checkpointsDue;
  for (const days of new Set([...Object.keys(a.resolutionDays), ...Object.keys(b.resolutionDays)])) {
    const n = (a.resolutionDays[days] ?? 0) + sign * (b.resolutionDays[days] ?? 0);
    if (n !== 0) sum.resolutionDays[days] = n;
  }
  for (const month of new Set([...Object.keys(a.trajectory), ...Object.keys(b.trajectory)])) {
    const [x, y] = [a.trajectory[month] ?? emptyMonth(), b.trajectory[month] ?? emptyMonth()];
    const row: TrajectoryCounts = {
      observed: x.observed + sign * y.observed,
      applicable: sumByDomain(x.applicable, y.applicable, sign),
      reintegrated: sumByDomain(x.reintegrated, y.reintegrated, sign),
    };
    if (row.observed !== 0 || DOMAINS.some((d) => row.applicable[d] !== 0 || row.reintegrated[d] !== 0)) sum.trajectory[month] = row;
  }
  sum.referrals = combineReferrals(a.referrals, b.referrals, sign);
  sum.currentPlan = a.currentPlan + sign * b.currentPlan;
  sum.planWithChild = a.planWithChild + sign * b.planWithChild;
  return sum;
}

/** The median of a histogram of whole days; undefined when it is empty. */
export function medianDays(histogram: Record<string, number>): number | undefined {
  const bins = Object.entries(histogram).map(([days, n]) => [Number(days), n] as const);
  // Stryker disable next-line MethodExpression,ConditionalExpression,EqualityOperator,ArrowFunction,ArithmeticOperator: equivalent — the days are whole numbers ≥ 0, which Object.entries already lists in ascending order, and a bin of 0 never makes `seen > rank` true, so neither the filter nor the sort changes the median
  const entries = bins.filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return undefined;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [days, n] of entries) {
      seen += n;
      if (seen > rank) return days;
    }
    // Stryker disable next-line UnaryOperator: equivalent — unreachable, a rank below the total is always reached in the loop
    return entries.at(-1)![0];
  };
  return total % 2 === 1 ? valueAt((total - 1) / 2) : (valueAt(total / 2 - 1) + valueAt(total / 2)) / 2;
}

export interface OutcomeFilter {
  cohort?: string;
  municipalityId?: string;
  riskLevel?: RiskLevel;
  sex?: Sex;
  ageBand?: AgeBand;
}

/**
 * What a cell of the outcome tables keeps: the sum of its children's contributions, and the same sum with each
 * child's contribution multiplied by its record key, from which every count's cell key follows
 * (lib/domain/disclosure). Both add up, so a cell, a margin or a whole table is one sum of cells.
 */
export interface Tally {
  contribution: Contribution;
  keys: Contribution;
}

export const emptyTally = (): Tally => ({ contribution: emptyContribution(), keys: emptyContribution() });

/** One child's tally: its contribution, and the contribution weighted by its record key. */
export const tallyOf = (contribution: Contribution, recordKey: number): Tally => ({
  contribution,
  keys: combine(emptyContribution(), contribution, recordKey),
});

export const addTally = (a: Tally, b: Tally, sign = 1): Tally => ({
  contribution: combine(a.contribution, b.contribution, sign),
  keys: combine(a.keys, b.keys, sign),
});

/** The cells a filter selects; the cohort is chosen when the cells are read (one query by cohort prefix). */
export const selects = (filter: OutcomeFilter) => (cell: CellKey) =>
  (!filter.municipalityId || cell.municipalityId === filter.municipalityId) &&
  (!filter.riskLevel || cell.riskLevel === filter.riskLevel) &&
  (!filter.sex || cell.sex === filter.sex) &&
  (!filter.ageBand || cell.ageBand === filter.ageBand);

/** The filters that describe who a child is rather than where the programme follows it. */
export const isDemographic = (filter: OutcomeFilter): boolean => filter.sex !== undefined || filter.ageBand !== undefined;

/**
 * Sex and age band are asked of the programme or of a cohort, never crossed with a municipality or a risk level, and
 * their answers have no breakdown by municipality: crossed with every other filter, they cut the children into
 * cells of one or two, and the many answers about each such cell, each with its own noise, pin it (measured in
 * docs/disclosure-control.md, "Demographic filters").
 */
export function filterViolations(filter: OutcomeFilter): Violation[] {
  if (!isDemographic(filter)) return [];
  return (['municipalityId', 'riskLevel'] as const)
    .filter((name) => filter[name] !== undefined)
    .map((name) => ({ path: `query.${name}`, message: 'cannot be combined with sex or ageBand (figures by sex and age band are for the programme or a cohort)' }));
}

/** Figures exist for today (live) and for past days the nightly sweep kept; never for the future. */
export function asOfViolations(asOf: IsoDate, today: IsoDate): Violation[] {
  return asOf > today ? [{ path: 'query.asOf', message: 'must not be in the future' }] : [];
}
