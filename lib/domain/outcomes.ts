import { CLOSURE_OUTCOMES, type ClosureOutcome } from './case';
import { DOMAINS, LEVELS, type Domain } from './domains';
import { combineReferrals, type ReferralTable } from './outcomes-referrals';

/** What the figures say of a domain: its level while fresh, `not_recently_assessed` once it is not. */
export const REPORTED_LEVELS = [...LEVELS, 'not_recently_assessed'] as const;
export type ReportedLevel = (typeof REPORTED_LEVELS)[number];

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

export interface TrajectoryCounts {
  observed: number;
  applicable: Record<Domain, number>;
  reintegrated: Record<Domain, number>;
}

const byDomain = (value: number) => Object.fromEntries(DOMAINS.map((d) => [d, value])) as Record<Domain, number>;
export const emptyMonth = (): TrajectoryCounts => ({ observed: 0, applicable: byDomain(0), reintegrated: byDomain(0) });

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
