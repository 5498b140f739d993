import { CLOSURE_OUTCOMES, type Checkpoint, type Child, type ClosureOutcome, type Violation } from './case';
import { addMonths, monthsSince, type IsoDate } from './dates';
import { seriesOf, type AssessmentPoint } from './assessments';
import { DOMAINS, LEVELS, isReintegratedLevel, levelRank, type Domain, type Level } from './domains';
import type { Flag } from './flags';
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
}

/**
 * What one child adds to its cell. Everything is a count, so a cell is the sum of its children's
 * contributions, and a change of one child moves its cell by the difference of two contributions.
 */
export interface Contribution {
  children: number;
  /** Per domain, children at each latest level. */
  levels: Record<Domain, Record<Level, number>>;
  /**
   * Per domain, children counted as reintegrated there: latest level stable or thriving, and not lost to follow-up
   * (a level nobody can check any more does not count as success; `levels` still says what it last was).
   */
  reintegrated: Record<Domain, number>;
  /** Children reintegrated in all four domains, by the same rule. */
  reintegratedAll: number;
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
   * By whole months since enrolment: children followed that long (up to their latest assessment), and of
   * those, per domain, the ones whose level then was stable or thriving.
   */
  trajectory: Record<string, { observed: number } & Record<Domain, number>>;
}

export function emptyContribution(): Contribution {
  return {
    children: 0,
    levels: Object.fromEntries(DOMAINS.map((d) => [d, Object.fromEntries(LEVELS.map((l) => [l, 0]))])) as Contribution['levels'],
    reintegrated: Object.fromEntries(DOMAINS.map((d) => [d, 0])) as Contribution['reintegrated'],
    reintegratedAll: 0,
    exited: 0,
    closureOutcomes: Object.fromEntries(CLOSURE_OUTCOMES.map((o) => [o, 0])) as Contribution['closureOutcomes'],
    regressed: 0,
    lostToFollowUp: 0,
    checkpointsInTime: 0,
    checkpointsDue: 0,
    resolutionDays: {},
    trajectory: {},
  };
}

const emptyMonth = () => ({ observed: 0, ...(Object.fromEntries(DOMAINS.map((d) => [d, 0])) as Record<Domain, number>) });

/** Closures that take a child out of the programme's denominators (DESIGN.md v2, "Outcome rules that do not flatter"). */
export const EXITS: readonly string[] = ['deceased', 'moved_abroad'];

/** A child's contribution, from its base records alone, so the rebuild and the stream consumer agree. */
export function contributionOf(
  child: Pick<Child, 'baseline' | 'latestLevels' | 'status' | 'closure' | 'enrolledOn'>,
  checkpoints: readonly Pick<Checkpoint, 'status'>[],
  flags: readonly Pick<Flag, 'type' | 'status' | 'raisedAt' | 'resolution'>[],
  points: readonly AssessmentPoint[],
): Contribution {
  const c = emptyContribution();
  for (const { status } of checkpoints) {
    if (status === 'completed' || status === 'completed_late' || status === 'missed') c.checkpointsDue += 1;
    if (status === 'completed') c.checkpointsInTime += 1;
  }
  for (const flag of flags) {
    if (flag.status !== 'resolved' || !flag.resolution) continue;
    const days = String(Math.max(0, Math.floor((Date.parse(flag.resolution.at) - Date.parse(flag.raisedAt)) / 86_400_000)));
    c.resolutionDays[days] = (c.resolutionDays[days] ?? 0) + 1;
  }
  if (child.status === 'closed' && EXITS.includes(child.closure?.reason ?? '')) {
    c.exited = 1;
    return c;
  }
  c.children = 1;
  const outcome = child.closure?.outcome as ClosureOutcome | undefined;
  if (child.status === 'closed' && outcome && CLOSURE_OUTCOMES.includes(outcome)) c.closureOutcomes[outcome] = 1;
  const lostContactOpen = flags.some((f) => f.type === 'lost_contact' && f.status !== 'resolved');
  c.lostToFollowUp = child.closure?.reason === 'lost_to_follow_up' || (child.status === 'active' && lostContactOpen) ? 1 : 0;
  for (const domain of DOMAINS) {
    const { level } = child.latestLevels[domain];
    c.levels[domain][level] = 1;
    c.reintegrated[domain] = isReintegratedLevel(level) && c.lostToFollowUp === 0 ? 1 : 0;
  }
  c.reintegratedAll = DOMAINS.every((d) => c.reintegrated[d] === 1) ? 1 : 0;
  c.regressed = DOMAINS.some((d) => levelRank(child.latestLevels[d].level) < levelRank(child.baseline[d])) ? 1 : 0;
  const lastAssessed = points.reduce((last, p) => (p.assessedOn > last ? p.assessedOn : last), child.enrolledOn);
  const series = Object.fromEntries(DOMAINS.map((d) => [d, seriesOf(child, points, d)])) as Record<Domain, AssessmentPoint[]>;
  for (let month = 0; month <= monthsSince(child.enrolledOn, lastAssessed); month += 1) {
    const on = addMonths(child.enrolledOn, month);
    const row = emptyMonth();
    row.observed = 1;
    for (const d of DOMAINS) {
      const level = series[d].filter((p) => p.assessedOn <= on).at(-1)!.level;
      row[d] = isReintegratedLevel(level) ? 1 : 0;
    }
    c.trajectory[String(month)] = row;
  }
  return c;
}

/** `a + sign × b`, count by count; a sign other than ±1 scales `b` (a child's record key, for the key sums). */
export function combine(a: Contribution, b: Contribution, sign = 1): Contribution {
  const sum = emptyContribution();
  sum.children = a.children + sign * b.children;
  for (const d of DOMAINS) for (const l of LEVELS) sum.levels[d][l] = a.levels[d][l] + sign * b.levels[d][l];
  // Cells kept before a count existed read it as 0 (`npm run rebuild-projections` recomputes them).
  for (const d of DOMAINS) sum.reintegrated[d] = (a.reintegrated?.[d] ?? 0) + sign * (b.reintegrated?.[d] ?? 0);
  sum.reintegratedAll = a.reintegratedAll + sign * b.reintegratedAll;
  sum.exited = (a.exited ?? 0) + sign * (b.exited ?? 0);
  for (const o of CLOSURE_OUTCOMES) sum.closureOutcomes[o] = (a.closureOutcomes?.[o] ?? 0) + sign * (b.closureOutcomes?.[o] ?? 0);
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
    const row = emptyMonth();
    row.observed = x.observed + sign * y.observed;
    for (const d of DOMAINS) row[d] = x[d] + sign * y[d];
    if (row.observed !== 0 || DOMAINS.some((d) => row[d] !== 0)) sum.trajectory[month] = row;
  }
  return sum;
}

/** The median of a histogram of whole days; undefined when it is empty. */
export function medianDays(histogram: Record<string, number>): number | undefined {
  const entries = Object.entries(histogram)
    .map(([days, n]) => [Number(days), n] as const)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a - b);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return undefined;
  const valueAt = (rank: number) => {
    let seen = 0;
    for (const [days, n] of entries) {
      seen += n;
      if (seen > rank) return days;
    }
    return entries.at(-1)![0];
  };
  return total % 2 === 1 ? valueAt((total - 1) / 2) : (valueAt(total / 2 - 1) + valueAt(total / 2)) / 2;
}

export interface OutcomeFilter {
  cohort?: string;
  municipalityId?: string;
  riskLevel?: RiskLevel;
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
  (!filter.municipalityId || cell.municipalityId === filter.municipalityId) && (!filter.riskLevel || cell.riskLevel === filter.riskLevel);

/** Figures exist for today (live) and for past days the nightly sweep kept; never for the future. */
export function asOfViolations(asOf: IsoDate, today: IsoDate): Violation[] {
  return asOf > today ? [{ path: 'query.asOf', message: 'must not be in the future' }] : [];
}
