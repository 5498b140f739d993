import type { AgeBand } from './age-bands';
import type { Sex, Violation } from './case';
import type { IsoDate } from './dates';
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

export interface OutcomeFilter {
  cohort?: string;
  municipalityId?: string;
  riskLevel?: RiskLevel;
  sex?: Sex;
  ageBand?: AgeBand;
}

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
