import { DOMAINS, type Domain } from '../domains';
import { addTally, emptyTally, type Contribution, type Tally } from '../outcomes';
import { isDemographic, selects, type CellKey, type OutcomeFilter } from '../outcome-query';
import { SUPPRESSED, type DisclosureRules } from './cell-key';
import { FIGURE_COLUMNS, SHARE_LEVELS, figuresOf, shareColumn, type FigureColumn, type OutcomeFigures } from './outcome-figures';
import { trajectoryOf, type TrajectoryPoint } from './trajectory';
import { referralReport, type ReferralReport } from './referral-figures';
import { Suppressor } from './suppressor';

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

/**
 * The columns whose count adds up across the rows of the breakdown to a shown total: a count itself, or a share's
 * numerator (the total share times the total gives the sum of the numerators). Complementary suppression applies to
 * each of them.
 */
const ADDITIVE = FIGURE_COLUMNS.flatMap((column) => (column.release.kind === 'median' ? [] : [{ column, count: column.release.count }]));

/**
 * The evaluators' figures for a filter: the whole population and a breakdown by municipality, perturbed and
 * suppressed as `Suppressor` (suppressor.ts) says. The breakdown has a row for every known municipality the filter allows,
 * children or not, so a row appearing from one day to the next cannot place a new child; an answer by sex or age
 * band has none (lib/domain/outcome-query.ts: filterViolations).
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
  const hideIn = (row: Row, column: FigureColumn) => column.set(row, s.hide(`breakdown.${row.municipalityId}.${column.name}`));
  // A second guard: figuresOf(…, hideAll) has already hidden every figure of these rows, so mutants of this loop are
  // equivalent (issue 20); it stays so that a figure added to a row later cannot slip out of a hidden row.
  // Stryker disable all: equivalent — figuresOf with hideAll already hides every figure of a hidden row
  for (const row of breakdown.filter((r) => hiddenRows.has(r.municipalityId))) {
    for (const column of FIGURE_COLUMNS) {
      if (column.get(row) !== SUPPRESSED && column.get(row) !== null) hideIn(row, column);
    }
  }
  // Stryker restore all
  // Hiding one figure can expose another (a column's total, a row's level distribution): repeat until stable.
  // The complement is the smallest other non-zero count, or, when every other one is zero, a zero: a shown
  // zero beside a shown total would give the hidden count away just the same.
  const countOf = (row: Row, count: (c: Contribution) => number) => count(byMunicipality.get(row.municipalityId)!.contribution);
  const hideNextSmallest = (candidates: Array<{ row: Row; column: FigureColumn; count: (c: Contribution) => number }>): boolean => {
    const hidden = candidates.filter(({ row, column }) => column.get(row) === SUPPRESSED);
    if (hidden.length !== 1) return false;
    const open = candidates
      .filter(({ row, column }) => typeof column.get(row) === 'number')
      .sort((a, b) => countOf(a.row, a.count) - countOf(b.row, b.count));
    const next = open.find(({ row, count }) => countOf(row, count) > 0) ?? open[0];
    if (!next) return false;
    hideIn(next.row, next.column);
    // A hidden level count would follow from the domain's share and the other levels: hide the share too (again, if it
    // was already: `suppressed` is de-duplicated). A switch, not `kind === 'level' &&`: only a level has a level, so
    // that test would be an equivalent mutant.
    const { release } = next.column;
    switch (release.kind) {
      case 'level':
        if (SHARE_LEVELS.includes(release.level)) hideIn(next.row, shareColumn(release.domain));
    }
    return true;
  };
  const levelsOf = (domain: Domain) => ADDITIVE.filter(({ column: { release } }) => release.kind === 'level' && release.domain === domain);
  for (let changed = true; changed; ) {
    changed = false;
    for (const { column, count } of ADDITIVE) {
      if (column.get(figures) === SUPPRESSED) continue;
      // Stryker disable next-line LogicalOperator: equivalent — a column's change needs no pass of its own: the row pass below follows it in this pass, and the one other figure it hides, the domain share, has its column after the levels
      changed = hideNextSmallest(breakdown.map((row) => ({ row, column, count }))) || changed;
    }
    // Rows whose children are hidden too: a hidden row has every level hidden already, and hiding more is never less safe.
    for (const row of breakdown) {
      for (const domain of DOMAINS) {
        changed = hideNextSmallest(levelsOf(domain).map(({ column, count }) => ({ row, column, count }))) || changed;
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
