import type { Checkpoint, Child, Violation } from './case';
import { addMonths, monthsSince, type IsoDate } from './dates';
import { seriesOf, type AssessmentPoint } from './visits';
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
  /** Children whose latest level is stable or thriving in all four domains. */
  reintegratedAll: number;
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
    reintegratedAll: 0,
    regressed: 0,
    lostToFollowUp: 0,
    checkpointsInTime: 0,
    checkpointsDue: 0,
    resolutionDays: {},
    trajectory: {},
  };
}

const emptyMonth = () => ({ observed: 0, ...(Object.fromEntries(DOMAINS.map((d) => [d, 0])) as Record<Domain, number>) });

/** A child's contribution, from its base records alone, so the rebuild and the stream consumer agree. */
export function contributionOf(
  child: Pick<Child, 'baseline' | 'latestLevels' | 'status' | 'closure' | 'enrolledOn'>,
  checkpoints: readonly Pick<Checkpoint, 'status'>[],
  flags: readonly Pick<Flag, 'type' | 'status' | 'raisedAt' | 'resolution'>[],
  points: readonly AssessmentPoint[],
): Contribution {
  const c = emptyContribution();
  c.children = 1;
  for (const domain of DOMAINS) c.levels[domain][child.latestLevels[domain].level] = 1;
  c.reintegratedAll = DOMAINS.every((d) => isReintegratedLevel(child.latestLevels[d].level)) ? 1 : 0;
  c.regressed = DOMAINS.some((d) => levelRank(child.latestLevels[d].level) < levelRank(child.baseline[d])) ? 1 : 0;
  const lostContactOpen = flags.some((f) => f.type === 'lost_contact' && f.status !== 'resolved');
  c.lostToFollowUp = child.closure?.reason === 'lost_to_follow_up' || (child.status === 'active' && lostContactOpen) ? 1 : 0;
  for (const { status } of checkpoints) {
    if (status === 'completed' || status === 'completed_late' || status === 'missed') c.checkpointsDue += 1;
    if (status === 'completed') c.checkpointsInTime += 1;
  }
  for (const flag of flags) {
    if (flag.status !== 'resolved' || !flag.resolution) continue;
    const days = String(Math.max(0, Math.floor((Date.parse(flag.resolution.at) - Date.parse(flag.raisedAt)) / 86_400_000)));
    c.resolutionDays[days] = (c.resolutionDays[days] ?? 0) + 1;
  }
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

/** `a + sign × b`, count by count. */
export function combine(a: Contribution, b: Contribution, sign: 1 | -1 = 1): Contribution {
  const sum = emptyContribution();
  sum.children = a.children + sign * b.children;
  for (const d of DOMAINS) for (const l of LEVELS) sum.levels[d][l] = a.levels[d][l] + sign * b.levels[d][l];
  sum.reintegratedAll = a.reintegratedAll + sign * b.reintegratedAll;
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

export const SUPPRESSED = 'suppressed' as const;
export type Figure = number | typeof SUPPRESSED;

/** The smallest k the product accepts: below 3, suppression protects nobody. */
export const MIN_K = 3;

/**
 * Small-cell suppression (DESIGN.md, Outcomes): counts from 1 to k−1 are suppressed; a figure derived from a
 * suppressed count is suppressed; where one cell of a breakdown (or of a level distribution) is suppressed,
 * the next smallest is suppressed too, so no total gives it away. Every suppressed figure is named in
 * `suppressed`; its value never leaves this module.
 */
export class Suppressor {
  readonly suppressed: string[] = [];

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < MIN_K) throw new Error(`k must be an integer of at least ${MIN_K}`);
  }

  isSmall(count: number): boolean {
    return count > 0 && count < this.k;
  }

  count(path: string, value: number, forced = false): Figure {
    if (forced || this.isSmall(value)) return this.hide(path);
    return value;
  }

  /** A share of a population: suppressed with its numerator or its denominator. */
  share(path: string, numerator: number, denominator: number, forced = false): Figure {
    if (forced || denominator === 0 || this.isSmall(numerator) || this.isSmall(denominator)) return this.hide(path);
    return Math.round((numerator / denominator) * 1000) / 1000;
  }

  hide(path: string): typeof SUPPRESSED {
    this.suppressed.push(path);
    return SUPPRESSED;
  }

  /**
   * The members of a group that sums to a shown total, to be suppressed: every small one, and when exactly
   * one is, the next smallest non-zero one with it (complementary suppression).
   */
  complementary(values: Readonly<Record<string, number>>): Set<string> {
    const hidden = new Set(Object.keys(values).filter((key) => this.isSmall(values[key]!)));
    if (hidden.size === 1) {
      const next = Object.keys(values)
        .filter((key) => !hidden.has(key) && values[key]! > 0)
        .sort((a, b) => values[a]! - values[b]!)[0];
      if (next !== undefined) hidden.add(next);
    }
    return hidden;
  }
}

export interface OutcomeFigures {
  children: Figure;
  domains: Record<Domain, { levels: Record<Level, Figure>; reintegratedShare: Figure }>;
  reintegratedAllShare: Figure;
  visitCompliance: Figure;
  regressionRate: Figure;
  lostToFollowUp: Figure;
  medianDaysToResolve: Figure | null;
}

/** The figures of one population, suppressed under `prefix`; `hideAll` when the population itself is hidden. */
export function figuresOf(total: Contribution, s: Suppressor, prefix: string, hideAll = false): OutcomeFigures {
  const at = (path: string) => `${prefix}${path}`;
  const n = total.children;
  const populationHidden = hideAll || s.isSmall(n);
  const domains = Object.fromEntries(
    DOMAINS.map((domain) => {
      const counts = total.levels[domain];
      const hidden = populationHidden ? new Set<string>(LEVELS) : s.complementary(counts);
      const levels = Object.fromEntries(
        LEVELS.map((level) => [level, s.count(at(`domains.${domain}.levels.${level}`), counts[level], hidden.has(level))]),
      ) as Record<Level, Figure>;
      const reintegrated = counts.stable + counts.thriving;
      const sharesHidden = populationHidden || hidden.has('stable') || hidden.has('thriving');
      return [domain, { levels, reintegratedShare: s.share(at(`domains.${domain}.reintegratedShare`), reintegrated, n, sharesHidden) }];
    }),
  ) as OutcomeFigures['domains'];
  const resolved = Object.values(total.resolutionDays).reduce((sum, x) => sum + x, 0);
  const median = medianDays(total.resolutionDays);
  return {
    children: s.count(at('children'), n, hideAll),
    domains,
    reintegratedAllShare: s.share(at('reintegratedAllShare'), total.reintegratedAll, n, populationHidden),
    visitCompliance: s.share(at('visitCompliance'), total.checkpointsInTime, total.checkpointsDue, populationHidden),
    regressionRate: s.share(at('regressionRate'), total.regressed, n, populationHidden),
    lostToFollowUp: s.count(at('lostToFollowUp'), total.lostToFollowUp, populationHidden),
    medianDaysToResolve:
      median === undefined ? null : populationHidden || s.isSmall(resolved) ? s.hide(at('medianDaysToResolve')) : median,
  };
}

export interface OutcomeFilter {
  cohort?: string;
  municipalityId?: string;
  riskLevel?: RiskLevel;
}

export interface TrajectoryPoint {
  monthsSinceEnrolment: number;
  observed: Figure;
  reintegratedShare: Record<Domain, Figure>;
}

export interface OutcomeReport {
  k: number;
  figures: OutcomeFigures;
  /** Share reintegrated per domain by months since enrolment, among the children followed that long. */
  trajectory: TrajectoryPoint[];
  breakdown: Array<{ municipalityId: string } & OutcomeFigures>;
  /** Paths of every suppressed figure, e.g. `breakdown.bitola.children`. */
  suppressed: string[];
}

type Row = { municipalityId: string } & OutcomeFigures;

function read(row: Row, path: string): Figure | null {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], row) as Figure | null;
}

function write(row: Row, path: string, value: Figure): void {
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], row);
  (parent as Record<string, unknown>)[keys.at(-1)!] = value;
}

/** Every figure of a row, as paths: what hiding a whole row hides. */
const ROW_FIGURES = [
  'children',
  ...DOMAINS.flatMap((d) => [...LEVELS.map((l) => `domains.${d}.levels.${l}`), `domains.${d}.reintegratedShare`]),
  'reintegratedAllShare',
  'visitCompliance',
  'regressionRate',
  'lostToFollowUp',
  'medianDaysToResolve',
];

/**
 * The count behind each figure that adds up across the rows of the breakdown to a shown total: a count itself,
 * or a share's numerator (the total share times the total gives the sum of the numerators). Complementary
 * suppression applies to each of these columns.
 */
const ADDITIVE: Record<string, (c: Contribution) => number> = {
  children: (c) => c.children,
  lostToFollowUp: (c) => c.lostToFollowUp,
  regressionRate: (c) => c.regressed,
  reintegratedAllShare: (c) => c.reintegratedAll,
  visitCompliance: (c) => c.checkpointsInTime,
  ...Object.fromEntries(
    DOMAINS.flatMap((d) => [
      ...LEVELS.map((l) => [`domains.${d}.levels.${l}`, (c: Contribution) => c.levels[d][l]] as const),
      [`domains.${d}.reintegratedShare`, (c: Contribution) => c.levels[d].stable + c.levels[d].thriving] as const,
    ]),
  ),
};

/**
 * The evaluators' figures for a filter: the whole population and a breakdown by municipality, with small-cell
 * and complementary suppression applied to both.
 */
export function outcomeReport(cells: ReadonlyArray<CellKey & { contribution: Contribution }>, filter: OutcomeFilter, k: number): OutcomeReport {
  const s = new Suppressor(k);
  const chosen = cells.filter(
    (c) =>
      (!filter.municipalityId || c.municipalityId === filter.municipalityId) && (!filter.riskLevel || c.riskLevel === filter.riskLevel),
  );
  const total = chosen.reduce((sum, c) => combine(sum, c.contribution), emptyContribution());
  const figures = figuresOf(total, s, '');
  const figuresRow: Row = { municipalityId: '', ...figures };

  const byMunicipality = new Map<string, Contribution>();
  for (const c of chosen) byMunicipality.set(c.municipalityId, combine(byMunicipality.get(c.municipalityId) ?? emptyContribution(), c.contribution));
  const municipalities = [...byMunicipality.keys()].sort();
  const hiddenRows = s.complementary(Object.fromEntries(municipalities.map((m) => [m, byMunicipality.get(m)!.children])));
  const breakdown: Row[] = municipalities.map((m) => ({
    municipalityId: m,
    ...figuresOf(byMunicipality.get(m)!, s, `breakdown.${m}.`, hiddenRows.has(m)),
  }));
  for (const row of breakdown.filter((r) => hiddenRows.has(r.municipalityId))) {
    for (const path of ROW_FIGURES) {
      if (read(row, path) !== SUPPRESSED && read(row, path) !== null) write(row, path, s.hide(`breakdown.${row.municipalityId}.${path}`));
    }
  }
  // Hiding one figure can expose another (a column's total, a row's level distribution): repeat until stable.
  // The complement is the smallest other non-zero count, or, when every other one is zero, a zero: a shown
  // zero beside a shown total would give the hidden count away just the same.
  const countOf = (row: Row, path: string) => ADDITIVE[path]!(byMunicipality.get(row.municipalityId)!);
  const hideNextSmallest = (candidates: Array<{ row: Row; path: string }>): boolean => {
    const hidden = candidates.filter(({ row, path }) => read(row, path) === SUPPRESSED);
    if (hidden.length !== 1) return false;
    const open = candidates
      .filter(({ row, path }) => typeof read(row, path) === 'number')
      .sort((a, b) => countOf(a.row, a.path) - countOf(b.row, b.path));
    const next = open.find(({ row, path }) => countOf(row, path) > 0) ?? open[0];
    if (!next) return false;
    write(next.row, next.path, s.hide(`breakdown.${next.row.municipalityId}.${next.path}`));
    // A hidden level count would follow from the domain's share and the other levels: hide the share too.
    const domain = /^domains\.(\w+)\.levels\.(stable|thriving)$/.exec(next.path)?.[1];
    const share = `domains.${domain}.reintegratedShare`;
    if (domain && read(next.row, share) !== SUPPRESSED) write(next.row, share, s.hide(`breakdown.${next.row.municipalityId}.${share}`));
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const column of Object.keys(ADDITIVE)) {
      if (read(figuresRow, column) === SUPPRESSED) continue;
      changed = hideNextSmallest(breakdown.map((row) => ({ row, path: column }))) || changed;
    }
    for (const row of breakdown) {
      if (read(row, 'children') === SUPPRESSED) continue;
      for (const domain of DOMAINS) {
        changed = hideNextSmallest(LEVELS.map((level) => ({ row, path: `domains.${domain}.levels.${level}` }))) || changed;
      }
    }
  }
  const trajectory = Object.keys(total.trajectory)
    .map(Number)
    .sort((a, b) => a - b)
    .map((month) => {
      const row = total.trajectory[String(month)]!;
      const hidden = s.isSmall(row.observed);
      return {
        monthsSinceEnrolment: month,
        observed: s.count(`trajectory.${month}.observed`, row.observed),
        reintegratedShare: Object.fromEntries(
          DOMAINS.map((d) => [d, s.share(`trajectory.${month}.reintegratedShare.${d}`, row[d], row.observed, hidden)]),
        ) as Record<Domain, Figure>,
      };
    });
  return { k, figures, trajectory, breakdown, suppressed: [...new Set(s.suppressed)] };
}

/** Figures exist for today (live) and for past days the nightly sweep kept; never for the future. */
export function asOfViolations(asOf: IsoDate, today: IsoDate): Violation[] {
  return asOf > today ? [{ path: 'query.asOf', message: 'must not be in the future' }] : [];
}
