import { keyedBy } from './keyed';
import { CLOSURE_OUTCOMES } from './case';
import { DOMAINS, LEVELS } from './domains';
import { combineReferrals, type ReferralTable } from './outcomes-referrals';

/** What the figures say of a domain: its level while fresh, `not_recently_assessed` once it is not. */
export const REPORTED_LEVELS = [...LEVELS, 'not_recently_assessed'] as const;
export type ReportedLevel = (typeof REPORTED_LEVELS)[number];

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => keyedBy(keys, () => 0);

/** A month of the trajectory, as zeros: the one declaration of its counts. */
const emptyMonthCounts = () => ({
  observed: 0,
  applicable: zeros(DOMAINS),
  reintegrated: zeros(DOMAINS),
});

/**
 * Every count of a contribution that every child has, as zeros: the one declaration `Contribution`,
 * `emptyContribution` and `combine` follow (a figure built from them is declared in disclosure/outcome-figures.ts).
 */
const fixedCounts = () => ({
  children: 0,
  /** Per domain, children at each level as reported at `asOf` (a stale level is `not_recently_assessed`). */
  levels: keyedBy(DOMAINS, () => zeros(REPORTED_LEVELS)),
  /** Per domain, children the domain applies to (latest level not `not_applicable`): the domain's denominator. */
  applicable: zeros(DOMAINS),
  /**
   * Per domain, children counted as reintegrated there: level stable or thriving and fresh, and not lost to follow-up
   * (a level nobody can check any more does not count as success; `levels` still says what it last was).
   */
  reintegrated: zeros(DOMAINS),
  /** Children reintegrated in every domain that applies to them (at least one does), by the same rule. */
  reintegratedAll: 0,
  /**
   * Children reintegrated in all applicable domains now, and at an assessment at least SUSTAINED_MONTHS before their
   * latest one, with no regression flag between the two.
   */
  sustained: 0,
  /**
   * Children whose case closed as deceased or moved abroad: out of every denominator (children, levels, shares,
   * trajectory) and reported apart. Their settled checkpoints and resolved flags still count: the service was given.
   */
  exited: 0,
  /** Closed cases still in the denominators, by the outcome their worker recorded at closure. */
  closureOutcomes: zeros(CLOSURE_OUTCOMES),
  /** Children whose latest level is below their baseline in at least one domain. */
  regressed: 0,
  /** Children closed as lost to follow-up, or with an unresolved lost-contact flag. */
  lostToFollowUp: 0,
  /** Settled checkpoints visited inside their window. */
  checkpointsInTime: 0,
  /**
   * Settled checkpoints: visited in their window, visited late, or missed. A checkpoint visited early is
   * settled before its grace ends; one still scheduled is not counted yet, so figures depend on writes only.
   */
  checkpointsDue: 0,
  /** Children with a current reintegration plan: one whose review day has not passed. */
  currentPlan: 0,
  /** Of those, children whose current plan was made with them taking part. */
  planWithChild: 0,
});

export type TrajectoryCounts = ReturnType<typeof emptyMonthCounts>;
type FixedCounts = ReturnType<typeof fixedCounts>;
/** The layout `combine` walks, read only. */
const FIXED_LAYOUT = fixedCounts();

/**
 * What one child adds to its cell. Everything is a count, so a cell is the sum of its children's
 * contributions, and a change of one child moves its cell by the difference of two contributions.
 */
export interface Contribution extends FixedCounts {
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
}

export const emptyMonth = (): TrajectoryCounts => emptyMonthCounts();

export function emptyContribution(): Contribution {
  return { ...fixedCounts(), resolutionDays: {}, trajectory: {}, referrals: {} };
}

/** A tree of counts as `zero` lays it out. */
type Counts = number | { [key: string]: Counts };

/** `a + sign × b` over the counts `layout` declares, each a number or a record of counts; nothing else is read. */
function addCounts<T extends Counts>(layout: T, a: T, b: T, sign: number): T {
  if (typeof layout === 'number') return ((a as number) + sign * (b as number)) as T;
  const sum: Record<string, Counts> = {};
  for (const key in layout) sum[key] = addCounts(layout[key]!, (a as Record<string, Counts>)[key]!, (b as Record<string, Counts>)[key]!, sign);
  return sum as T;
}

/** Adds two sparse maps of counts by key: a key is kept while any of its counts is not zero. */
function addSparse<T extends Counts>(a: Record<string, T>, b: Record<string, T>, zero: () => T, sign: number): Record<string, T> {
  const sum: Record<string, T> = {};
  const layout = zero();
  const isZero = (counts: Counts): boolean => (typeof counts === 'number' ? counts === 0 : Object.values(counts).every(isZero));
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const row = addCounts(layout, a[key] ?? zero(), b[key] ?? zero(), sign);
    if (!isZero(row)) sum[key] = row;
  }
  return sum;
}

/** `a + sign × b`, count by count; a sign other than ±1 scales `b` (a child's record key, for the key sums). */
export function combine(a: Contribution, b: Contribution, sign = 1): Contribution {
  return {
    ...addCounts<FixedCounts>(FIXED_LAYOUT, a, b, sign),
    resolutionDays: addSparse(a.resolutionDays, b.resolutionDays, () => 0, sign),
    trajectory: addSparse(a.trajectory, b.trajectory, emptyMonthCounts, sign),
    referrals: combineReferrals(a.referrals, b.referrals, sign),
  };
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
