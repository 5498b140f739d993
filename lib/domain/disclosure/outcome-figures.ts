import { CLOSURE_OUTCOMES, type ClosureOutcome } from '../case';
import { DOMAINS, type Domain } from '../domains';
import { REPORTED_LEVELS, medianDays, type Contribution, type ReportedLevel, type Tally } from '../outcomes';
import { SUPPRESSED, perturbed, type DisclosureRules, type Figure } from './cell-key';
import type { Suppressor } from './suppressor';

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

type Count = (c: Contribution) => number;

/**
 * How a figure is released from its population's counts:
 * - `count`: the count itself, hidden with the whole `row` only (the children, the exited) or with the `population`
 *   (hidden when the children are);
 * - `level`: the children at one level of a domain, hidden with the population or with the domain's other levels as
 *   a group (complementary suppression);
 * - `share`: numerator over denominator, hidden with the population, or also when a level of its domain that the share
 *   can be worked back from is hidden; `nullWithoutShownDenominator`: null, not suppressed, over nothing shown;
 * - `median`: of the days to resolve, from perturbed bins.
 */
type Release =
  | { kind: 'count'; count: Count; hiddenWith: 'row' | 'population' }
  | { kind: 'level'; count: Count; domain: Domain; level: ReportedLevel }
  | { kind: 'share'; count: Count; of: Count; domain?: Domain; nullWithoutShownDenominator?: true }
  | { kind: 'median' };

/** One figure of a row of the outcome tables: where it sits in the row, and how it is released. */
export interface FigureColumn {
  /** Its name in `suppressed`, under the row's prefix (e.g. `domains.housing.levels.stable`); never read back. */
  readonly name: string;
  readonly get: (row: OutcomeFigures) => Figure | null;
  readonly set: (row: OutcomeFigures, value: Figure | null) => void;
  readonly release: Release;
}

/**
 * The levels a domain's share can be worked back from, with the children and the other levels: where one of them is
 * hidden, the share is too.
 */
export const SHARE_LEVELS: readonly ReportedLevel[] = ['stable', 'thriving', 'not_applicable'];

const children: Count = (c) => c.children;

type ScalarFigure = Exclude<keyof OutcomeFigures, 'domains' | 'closureOutcomes'>;
const scalar = (name: ScalarFigure, release: Release): FigureColumn => ({
  name,
  get: (row) => row[name],
  set: (row, value) => Object.assign(row, { [name]: value }),
  release,
});

/**
 * Every figure of a row, each declared once, in the order a row is released: the figures, the breakdown's
 * complementary suppression and the hiding of a whole row all follow this table. A figure added here is counted
 * in lib/domain/outcomes.ts (`fixedCounts`) and described in the API's schema.
 */
export const FIGURE_COLUMNS: readonly FigureColumn[] = [
  ...DOMAINS.flatMap((domain): FigureColumn[] => [
    ...REPORTED_LEVELS.map(
      (level): FigureColumn => ({
        name: `domains.${domain}.levels.${level}`,
        get: (row) => row.domains[domain].levels[level],
        set: (row, value) => void (row.domains[domain].levels[level] = value as Figure),
        release: { kind: 'level', count: (c) => c.levels[domain][level], domain, level },
      }),
    ),
    {
      name: `domains.${domain}.reintegratedShare`,
      get: (row) => row.domains[domain].reintegratedShare,
      set: (row, value) => void (row.domains[domain].reintegratedShare = value as Figure),
      release: { kind: 'share', count: (c) => c.reintegrated[domain], of: (c) => c.applicable[domain], domain },
    },
  ]),
  scalar('children', { kind: 'count', count: children, hiddenWith: 'row' }),
  scalar('reintegratedAllShare', { kind: 'share', count: (c) => c.reintegratedAll, of: children }),
  scalar('sustainedShare', { kind: 'share', count: (c) => c.sustained, of: children }),
  scalar('currentPlanShare', { kind: 'share', count: (c) => c.currentPlan, of: children }),
  scalar('planWithChildShare', { kind: 'share', count: (c) => c.planWithChild, of: (c) => c.currentPlan, nullWithoutShownDenominator: true }),
  scalar('visitCompliance', { kind: 'share', count: (c) => c.checkpointsInTime, of: (c) => c.checkpointsDue }),
  scalar('regressionRate', { kind: 'share', count: (c) => c.regressed, of: children }),
  scalar('lostToFollowUp', { kind: 'count', count: (c) => c.lostToFollowUp, hiddenWith: 'population' }),
  scalar('exited', { kind: 'count', count: (c) => c.exited, hiddenWith: 'row' }),
  ...CLOSURE_OUTCOMES.map(
    (outcome): FigureColumn => ({
      name: `closureOutcomes.${outcome}`,
      get: (row) => row.closureOutcomes[outcome],
      set: (row, value) => void (row.closureOutcomes[outcome] = value as Figure),
      release: { kind: 'count', count: (c) => c.closureOutcomes[outcome], hiddenWith: 'population' },
    }),
  ),
  scalar('medianDaysToResolve', { kind: 'median' }),
];

/** The share column of a domain. */
export const shareColumn = (domain: Domain): FigureColumn =>
  FIGURE_COLUMNS.find(({ release }) => release.kind === 'share' && release.domain === domain)!;

/** The median of the days-to-resolve histogram with each bin perturbed by its own cell key. */
function perturbedMedian({ contribution, keys }: Tally, rules: DisclosureRules): number | undefined {
  const bins = Object.entries(contribution.resolutionDays).map(
    ([days, n]) => [days, perturbed(n, keys.resolutionDays[days] ?? 0, rules.table)] as const,
  );
  return medianDays(Object.fromEntries(bins));
}

/** The frame of a row, whose every figure the columns then set. */
const emptyRow = (): OutcomeFigures =>
  ({ domains: Object.fromEntries(DOMAINS.map((d) => [d, { levels: {} }])), closureOutcomes: {} }) as unknown as OutcomeFigures;

/** The figures of one population, suppressed under `prefix`; `hideAll` when the population itself is hidden. */
export function figuresOf(tally: Tally, s: Suppressor, prefix: string, hideAll = false): OutcomeFigures {
  const { contribution: total, keys } = tally;
  const pair = (count: Count): [number, number] => [count(total), count(keys)];
  const populationHidden = hideAll || s.released(...pair(children)) === SUPPRESSED;
  // Per domain, the levels hidden as a group: every one with the population, else complementary suppression.
  const hiddenLevels = new Map(
    DOMAINS.map((domain) => {
      const levels = FIGURE_COLUMNS.flatMap(({ release }) => (release.kind === 'level' && release.domain === domain ? [release] : []));
      const shown = Object.fromEntries(levels.map(({ level, count }) => [level, s.released(...pair(count))]));
      return [domain, populationHidden ? new Set<string>(REPORTED_LEVELS) : s.complementary(shown)];
    }),
  );
  const hiddenWith = { row: hideAll, population: populationHidden };
  const resolved = pair((c) => Object.values(c.resolutionDays).reduce((sum, x) => sum + x, 0));
  const median = perturbedMedian(tally, s.rules);
  const figureOf = ({ name, release }: FigureColumn): Figure | null => {
    const at = `${prefix}${name}`;
    switch (release.kind) {
      case 'count':
        return s.count(at, ...pair(release.count), hiddenWith[release.hiddenWith]);
      case 'level':
        return s.count(at, ...pair(release.count), hiddenLevels.get(release.domain)!.has(release.level));
      case 'share': {
        // Over no plan at all the share says nothing: null, as the median of no resolved flag is, not "suppressed".
        if (release.nullWithoutShownDenominator && !populationHidden && s.released(...pair(release.of)) === 0) return null;
        const levelHidden = release.domain !== undefined && SHARE_LEVELS.some((level) => hiddenLevels.get(release.domain!)!.has(level));
        return s.share(at, pair(release.count), pair(release.of), populationHidden || levelHidden);
      }
      case 'median':
        if (median === undefined || s.released(...resolved) === 0) return null;
        return populationHidden || s.released(...resolved) === SUPPRESSED ? s.hide(at) : median;
    }
  };
  const row = emptyRow();
  for (const column of FIGURE_COLUMNS) column.set(row, figureOf(column));
  return row;
}
