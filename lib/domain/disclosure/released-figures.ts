import { CLOSURE_OUTCOMES, type ClosureOutcome } from '../case';
import { DOMAINS, type Domain } from '../domains';
import {
  REPORTED_LEVELS,
  addTally,
  emptyTally,
  isDemographic,
  medianDays,
  selects,
  type CellKey,
  type Contribution,
  type OutcomeFilter,
  type ReportedLevel,
  type Tally,
} from '../outcomes';
import { MIN_K, SUPPRESSED, perturbed, release, type DisclosureRules, type Figure } from './cell-key';
import { referralReport, type ReferralReport } from './referral-figures';

/**
 * What evaluators are shown of the outcome tables (DESIGN.md v2, "Disclosure control that survives comparison"):
 * - every count is perturbed by its cell key (cell-key.ts), margins as cells in their own right;
 * - counts from 1 to k−1 are suppressed, and so is every figure derived from one;
 * - shares, medians and trajectory points come from perturbed counts;
 * - within one answer, where one cell of a breakdown or of a level distribution is suppressed, the next smallest
 *   is too (complementary suppression), so a shown total minus shown parts is never one hidden count.
 * Every suppressed figure is named in `suppressed`; its value never leaves this module.
 */
export class Suppressor {
  readonly suppressed: string[] = [];

  constructor(readonly rules: DisclosureRules) {
    if (!Number.isInteger(rules.k) || rules.k < MIN_K) throw new Error(`k must be an integer of at least ${MIN_K}`);
  }

  /** What is shown of a count (cell-key.ts: `release`). */
  released(count: number, keySum: number): Figure {
    return release(count, keySum, this.rules);
  }

  count(path: string, value: number, keySum: number, forced = false): Figure {
    const shown = forced ? SUPPRESSED : this.released(value, keySum);
    return shown === SUPPRESSED ? this.hide(path) : shown;
  }

  /** A share of a population, from the two released counts: suppressed with its numerator or its denominator. */
  share(path: string, [n, nKey]: [number, number], [d, dKey]: [number, number], forced = false): Figure {
    const shownN = this.released(n, nKey);
    const shownD = this.released(d, dKey);
    if (forced || shownN === SUPPRESSED || shownD === SUPPRESSED || shownD === 0) return this.hide(path);
    return Math.round(Math.min(1, shownN / shownD) * 1000) / 1000;
  }

  /** Takes back the names of hidden figures that are left out of the answer altogether. */
  forget(prefix: string): void {
    const kept = this.suppressed.filter((path) => !path.startsWith(prefix));
    this.suppressed.splice(0, this.suppressed.length, ...kept);
  }

  hide(path: string): typeof SUPPRESSED {
    this.suppressed.push(path);
    return SUPPRESSED;
  }

  /**
   * The members of a group that sums to a shown total, to be suppressed, from their shown values: every suppressed
   * one, and when exactly one is, the next smallest non-zero one with it (complementary suppression).
   */
  complementary(shown: Readonly<Record<string, Figure>>): Set<string> {
    const hidden = new Set(Object.keys(shown).filter((key) => shown[key] === SUPPRESSED));
    if (hidden.size === 1) {
      const candidates = Object.keys(shown).filter(
        (key) =>
          // Stryker disable next-line ConditionalExpression: equivalent — `'suppressed' > 0` is false as well
          typeof shown[key] === 'number' &&
          shown[key] > 0,
      );
      const next = candidates.sort((a, b) => (shown[a] as number) - (shown[b] as number))[0];
      // Stryker disable next-line ConditionalExpression: equivalent — an undefined member is never asked for (callers ask for levels and municipalities)
      if (next !== undefined) hidden.add(next);
    }
    return hidden;
  }
}

export interface OutcomeFigures {
  children: Figure;
  domains: Record<Domain, { levels: Record<ReportedLevel, Figure>; reintegratedShare: Figure }>;
  reintegratedAllShare: Figure;
  sustainedShare: Figure;
  /** Children with a current reintegration plan (its review day not passed), among the children. */
  currentPlanShare: Figure;
  /** Of the children with a current plan, those whose plan was made with them taking part; null with no such child. */
  planWithChildShare: Figure | null;
  visitCompliance: Figure;
  regressionRate: Figure;
  lostToFollowUp: Figure;
  /** Closed as deceased or moved abroad: out of every denominator above, counted apart. */
  exited: Figure;
  /** Closed cases still in the denominators, by the outcome recorded at closure. */
  closureOutcomes: Record<ClosureOutcome, Figure>;
  medianDaysToResolve: Figure | null;
}

/** The median of the days-to-resolve histogram with each bin perturbed by its own cell key. */
function perturbedMedian({ contribution, keys }: Tally, rules: DisclosureRules): number | undefined {
  const bins = Object.entries(contribution.resolutionDays).map(
    ([days, n]) => [days, perturbed(n, keys.resolutionDays[days] ?? 0, rules.table)] as const,
  );
  return medianDays(Object.fromEntries(bins));
}

/** The figures of one population, suppressed under `prefix`; `hideAll` when the population itself is hidden. */
export function figuresOf(tally: Tally, s: Suppressor, prefix: string, hideAll = false): OutcomeFigures {
  const { contribution: total, keys } = tally;
  const at = (path: string) => `${prefix}${path}`;
  const n = total.children;
  const children: [number, number] = [n, keys.children];
  const populationHidden = hideAll || s.released(...children) === SUPPRESSED;
  const domains = Object.fromEntries(
    DOMAINS.map((domain) => {
      const counts = total.levels[domain];
      const shown = Object.fromEntries(REPORTED_LEVELS.map((level) => [level, s.released(counts[level], keys.levels[domain][level])]));
      const hidden = populationHidden ? new Set<string>(REPORTED_LEVELS) : s.complementary(shown);
      const levels = Object.fromEntries(
        REPORTED_LEVELS.map((level) => [
          level,
          s.count(at(`domains.${domain}.levels.${level}`), counts[level], keys.levels[domain][level], hidden.has(level)),
        ]),
      ) as Record<ReportedLevel, Figure>;
      const reintegrated: [number, number] = [total.reintegrated[domain], keys.reintegrated[domain]];
      const applicable: [number, number] = [total.applicable[domain], keys.applicable[domain]];
      const sharesHidden = populationHidden || SHARE_LEVELS.some((level) => hidden.has(level));
      return [domain, { levels, reintegratedShare: s.share(at(`domains.${domain}.reintegratedShare`), reintegrated, applicable, sharesHidden) }];
    }),
  ) as OutcomeFigures['domains'];
  const resolved = Object.values(total.resolutionDays).reduce((sum, x) => sum + x, 0);
  const resolvedKeys = Object.values(keys.resolutionDays).reduce((sum, x) => sum + x, 0);
  const median = perturbedMedian(tally, s.rules);
  return {
    children: s.count(at('children'), n, keys.children, hideAll),
    domains,
    reintegratedAllShare: s.share(at('reintegratedAllShare'), [total.reintegratedAll, keys.reintegratedAll], children, populationHidden),
    sustainedShare: s.share(at('sustainedShare'), [total.sustained, keys.sustained], children, populationHidden),
    currentPlanShare: s.share(at('currentPlanShare'), [total.currentPlan, keys.currentPlan], children, populationHidden),
    // Over no plan at all the share says nothing: null, as the median of no resolved flag is, not "suppressed".
    planWithChildShare:
      !populationHidden && s.released(total.currentPlan, keys.currentPlan) === 0
        ? null
        : s.share(at('planWithChildShare'), [total.planWithChild, keys.planWithChild], [total.currentPlan, keys.currentPlan], populationHidden),
    visitCompliance: s.share(
      at('visitCompliance'),
      [total.checkpointsInTime, keys.checkpointsInTime],
      [total.checkpointsDue, keys.checkpointsDue],
      populationHidden,
    ),
    regressionRate: s.share(at('regressionRate'), [total.regressed, keys.regressed], children, populationHidden),
    lostToFollowUp: s.count(at('lostToFollowUp'), total.lostToFollowUp, keys.lostToFollowUp, populationHidden),
    exited: s.count(at('exited'), total.exited, keys.exited, hideAll),
    closureOutcomes: Object.fromEntries(
      CLOSURE_OUTCOMES.map((o) => [
        o,
        s.count(at(`closureOutcomes.${o}`), total.closureOutcomes[o], keys.closureOutcomes[o], populationHidden),
      ]),
    ) as Record<ClosureOutcome, Figure>,
    medianDaysToResolve:
      median === undefined || s.released(resolved, resolvedKeys) === 0
        ? null
        : populationHidden || s.released(resolved, resolvedKeys) === SUPPRESSED
          ? s.hide(at('medianDaysToResolve'))
          : median,
  };
}

export interface TrajectoryPoint {
  monthsSinceEnrolment: number;
  observed: Figure;
  reintegratedShare: Record<Domain, Figure>;
}

export interface OutcomeReport {
  k: number;
  /** D: no shown count is more than this away from the true one. */
  maxNoise: number;
  figures: OutcomeFigures;
  /** Share reintegrated per domain by months since enrolment, among the children followed that long. */
  trajectory: TrajectoryPoint[];
  breakdown: Array<{ municipalityId: string } & OutcomeFigures>;
  /**
   * Referrals of the answer's children by the municipality each is counted for and service (issue 16); with
   * `municipalityId`, the referrals counted for that municipality, whichever municipality follows the child.
   */
  referrals: ReferralReport;
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

/**
 * The levels a domain's share can be worked back from, with the children and the other levels: where one of them is
 * hidden, the share is too.
 */
const SHARE_LEVELS: readonly ReportedLevel[] = ['stable', 'thriving', 'not_applicable'];

/** Every figure of a row, as paths: what hiding a whole row hides. */
// Stryker disable all: equivalent — only the second guard in outcomeReport reads it, whose mutants are equivalent
const ROW_FIGURES = [
  'children',
  ...DOMAINS.flatMap((d) => [...REPORTED_LEVELS.map((l) => `domains.${d}.levels.${l}`), `domains.${d}.reintegratedShare`]),
  'reintegratedAllShare',
  'sustainedShare',
  'currentPlanShare',
  'planWithChildShare',
  'visitCompliance',
  'regressionRate',
  'lostToFollowUp',
  'exited',
  ...CLOSURE_OUTCOMES.map((o) => `closureOutcomes.${o}`),
  'medianDaysToResolve',
];
// Stryker restore all

/**
 * The count behind each figure that adds up across the rows of the breakdown to a shown total: a count itself,
 * or a share's numerator (the total share times the total gives the sum of the numerators). Complementary
 * suppression applies to each of these columns.
 */
const ADDITIVE: Record<string, (c: Contribution) => number> = {
  children: (c) => c.children,
  lostToFollowUp: (c) => c.lostToFollowUp,
  exited: (c) => c.exited,
  ...Object.fromEntries(CLOSURE_OUTCOMES.map((o) => [`closureOutcomes.${o}`, (c: Contribution) => c.closureOutcomes[o]] as const)),
  regressionRate: (c) => c.regressed,
  reintegratedAllShare: (c) => c.reintegratedAll,
  sustainedShare: (c) => c.sustained,
  currentPlanShare: (c) => c.currentPlan,
  planWithChildShare: (c) => c.planWithChild,
  visitCompliance: (c) => c.checkpointsInTime,
  ...Object.fromEntries(
    DOMAINS.flatMap((d) => [
      ...REPORTED_LEVELS.map((l) => [`domains.${d}.levels.${l}`, (c: Contribution) => c.levels[d][l]] as const),
      [`domains.${d}.reintegratedShare`, (c: Contribution) => c.reintegrated[d]] as const,
    ]),
  ),
};

function trajectoryOf({ contribution, keys }: Tally, s: Suppressor): TrajectoryPoint[] {
  const months = Object.keys(contribution.trajectory).map(Number);
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: equivalent — Object.keys lists whole-number keys in ascending order already
  const ordered = months.sort((a, b) => a - b);
  const points = ordered.map((month) => {
    const row = contribution.trajectory[String(month)]!;
    const rowKeys = keys.trajectory[String(month)];
    const observed: [number, number] = [row.observed, rowKeys?.observed ?? 0];
    const hidden = s.released(...observed) === SUPPRESSED;
    return {
      monthsSinceEnrolment: month,
      observed: s.count(`trajectory.${month}.observed`, ...observed),
      reintegratedShare: Object.fromEntries(
        DOMAINS.map((d) => [
          d,
          s.share(
            `trajectory.${month}.reintegratedShare.${d}`,
            [row.reintegrated[d], rowKeys?.reintegrated[d] ?? 0],
            [row.applicable[d], rowKeys?.applicable[d] ?? 0],
            hidden,
          ),
        ]),
      ) as Record<Domain, Figure>,
    };
  });
  // The months after the last one with a shown number of children followed would only say, exactly, how long the
  // longest-followed few were followed: they are left out, and so are their names in `suppressed`.
  const last = points.findLastIndex(
    (point) =>
      // Stryker disable next-line ConditionalExpression: equivalent — `'suppressed' > 0` is false as well
      typeof point.observed === 'number' &&
      point.observed > 0,
  );
  for (const point of points.slice(last + 1)) s.forget(`trajectory.${point.monthsSinceEnrolment}.`);
  return points.slice(0, last + 1);
}

/**
 * The evaluators' figures for a filter: the whole population and a breakdown by municipality, perturbed and
 * suppressed as the class comment says. The breakdown has a row for every known municipality the filter allows,
 * children or not, so a row appearing from one day to the next cannot place a new child; an answer by sex or age
 * band has none (lib/domain/outcomes.ts: filterViolations).
 */
export function outcomeReport(
  cells: ReadonlyArray<CellKey & Tally>,
  filter: OutcomeFilter,
  rules: DisclosureRules,
  knownMunicipalities: readonly string[] = [],
): OutcomeReport {
  const s = new Suppressor(rules);
  const chosen = cells.filter(selects(filter));
  const total = chosen.reduce<Tally>((sum, c) => addTally(sum, c), emptyTally());
  const figures = figuresOf(total, s, '');
  // Stryker disable next-line StringLiteral: equivalent — the total row's municipality is never read
  const figuresRow: Row = { municipalityId: '', ...figures };

  const byMunicipality = new Map<string, Tally>();
  if (!isDemographic(filter)) {
    for (const m of knownMunicipalities) if (!filter.municipalityId || m === filter.municipalityId) byMunicipality.set(m, emptyTally());
    for (const c of chosen) byMunicipality.set(c.municipalityId, addTally(byMunicipality.get(c.municipalityId) ?? emptyTally(), c));
  }
  const municipalities = [...byMunicipality.keys()].sort();
  const hiddenRows = s.complementary(
    Object.fromEntries(municipalities.map((m) => [m, s.released(byMunicipality.get(m)!.contribution.children, byMunicipality.get(m)!.keys.children)])),
  );
  const breakdown: Row[] = municipalities.map((m) => ({
    municipalityId: m,
    ...figuresOf(byMunicipality.get(m)!, s, `breakdown.${m}.`, hiddenRows.has(m)),
  }));
  // A second guard: figuresOf(…, hideAll) has already hidden every figure of these rows, so mutants of this loop are
  // equivalent (issue 20); it stays so that a figure added to a row later cannot slip out of a hidden row.
  // Stryker disable all: equivalent — figuresOf with hideAll already hides every figure of a hidden row
  for (const row of breakdown.filter((r) => hiddenRows.has(r.municipalityId))) {
    for (const path of ROW_FIGURES) {
      if (read(row, path) !== SUPPRESSED && read(row, path) !== null) write(row, path, s.hide(`breakdown.${row.municipalityId}.${path}`));
    }
  }
  // Stryker restore all
  // Hiding one figure can expose another (a column's total, a row's level distribution): repeat until stable.
  // The complement is the smallest other non-zero count, or, when every other one is zero, a zero: a shown
  // zero beside a shown total would give the hidden count away just the same.
  const countOf = (row: Row, path: string) => ADDITIVE[path]!(byMunicipality.get(row.municipalityId)!.contribution);
  const hideNextSmallest = (candidates: Array<{ row: Row; path: string }>): boolean => {
    const hidden = candidates.filter(({ row, path }) => read(row, path) === SUPPRESSED);
    if (hidden.length !== 1) return false;
    const open = candidates
      .filter(({ row, path }) => typeof read(row, path) === 'number')
      .sort((a, b) => countOf(a.row, a.path) - countOf(b.row, b.path));
    const next = open.find(({ row, path }) => countOf(row, path) > 0) ?? open[0];
    if (!next) return false;
    write(next.row, next.path, s.hide(`breakdown.${next.row.municipalityId}.${next.path}`));
    // A hidden level count would follow from the domain's share and the other levels: hide the share too (again, if it
    // was already: `suppressed` is de-duplicated). Only a level's path, `domains.<domain>.levels.<level>`, has a
    // fourth part.
    const [, domain, , level] = next.path.split('.');
    if (SHARE_LEVELS.includes(level as ReportedLevel)) {
      const share = `domains.${domain}.reintegratedShare`;
      write(next.row, share, s.hide(`breakdown.${next.row.municipalityId}.${share}`));
    }
    return true;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const column of Object.keys(ADDITIVE)) {
      if (read(figuresRow, column) === SUPPRESSED) continue;
      // Stryker disable next-line LogicalOperator: equivalent — a column's change needs no pass of its own: the row pass below follows it in this pass, and the one other figure it hides, the domain share, has its column after the levels
      changed = hideNextSmallest(breakdown.map((row) => ({ row, path: column }))) || changed;
    }
    // Rows whose children are hidden too: a hidden row has every level hidden already, and hiding more is never less safe.
    for (const row of breakdown) {
      for (const domain of DOMAINS) {
        changed = hideNextSmallest(REPORTED_LEVELS.map((level) => ({ row, path: `domains.${domain}.levels.${level}` }))) || changed;
      }
    }
  }
  // Referral figures follow the referral's municipality, not the child's: the cells are chosen by every filter but
  // the municipality, and the referrals of the municipality asked are kept from them.
  const { municipalityId, ...others } = filter;
  const referrals = referralReport(
    cells.filter(selects(others)).map((c) => ({ contribution: c.contribution.referrals ?? {}, keys: c.keys.referrals ?? {} })),
    s,
    { municipalityId, knownMunicipalities, withTable: !isDemographic(filter) },
  );
  return {
    k: rules.k,
    maxNoise: rules.table.maxNoise,
    figures,
    trajectory: trajectoryOf(total, s),
    breakdown,
    referrals,
    suppressed: [...new Set(s.suppressed)],
  };
}
