import { SUPPRESSED, type DisclosureRules } from '../../lib/domain/disclosure/cell-key';
import { PERTURBATION_TABLES, type MaxNoise } from '../../lib/domain/disclosure/perturbation-table';
import { outcomeReport, type OutcomeReport } from '../../lib/domain/disclosure/released-figures';
import type { AgeBand } from '../../lib/domain/age-bands';
import type { Sex } from '../../lib/domain/case';
import { RATED_LEVELS, type Level } from '../../lib/domain/domains';
import { filterViolations, isDemographic, type CellKey, type OutcomeFilter } from '../../lib/domain/outcome-query';
import { addTally, emptyContribution, emptyTally, tallyOf, type Tally } from '../../lib/domain/outcomes';
import { referralCountsOf } from '../../lib/domain/outcomes-referrals';
import type { ReferralService } from '../../lib/domain/referrals';
import type { RiskLevel } from '../../lib/domain/schedule';
import { disclosures, variable, type Observation, type Target, type World } from './intruder';
import { seededRandom } from './seeded-random';

/**
 * The population issue 14 was reproduced on, built to be vulnerable: a quarter of 26 children (risk low 11,
 * medium 12, high 3; a municipality of 3), a quarter of 2, and one new child between yesterday and today; girls and
 * boys of two age bands among them (issue 15's filters). The intruder asks every filter combination the API offers,
 * on both days, and solves for what is hidden.
 */

export interface SeededChild {
  quarter: string;
  municipalityId: string;
  riskLevel: RiskLevel;
  housing: Level;
  sex: Sex;
  ageBand: AgeBand;
  recordKey: number;
  /** Issue 16: the child's one delivered referral, as the group it is counted in (`ref:<municipality>:<service>`). */
  referral?: ReferralFamily;
}

/**
 * The referral groups of the scenario with referrals: every child has exactly one of these (`ref:none`: no
 * referral), which the intruder is told, as it is told every child has one level per domain. A child of bitola is
 * referred to bitola's legal aid, ohrid's three to ohrid's (a group below k), skopje's to skopje's housing; the new
 * child to ohrid's legal aid, so today minus yesterday is its referral.
 */
export const REFERRAL_FAMILIES = ['ref:skopje:housing', 'ref:bitola:legal_aid', 'ref:ohrid:legal_aid', 'ref:none'] as const;
export type ReferralFamily = (typeof REFERRAL_FAMILIES)[number];
const REFERRED = REFERRAL_FAMILIES.filter((f) => f !== 'ref:none');
const groupOf = (family: string) => family.split(':').slice(1) as [string, ReferralService];

export const DAYS = ['yesterday', 'today'] as const;
const QUARTERS = ['2026-Q1', '2026-Q2'];
/** As the integration harness knows them: kumanovo has no child, and still has its row. */
export const MUNICIPALITIES = ['bitola', 'kumanovo', 'ohrid', 'skopje'];
const RISKS: RiskLevel[] = ['low', 'medium', 'high'];
/**
 * The sexes and age bands the population has. Asking another (`other`, `0-8`, …) answers zeros about cells the
 * intruder is told are empty: the world below has no such cells, which only makes the intruder stronger.
 */
const SEXES: Sex[] = ['female', 'male'];
const AGE_BANDS: AgeBand[] = ['12-14', '15-17'];
/** Every filter `/outcomes` takes, with the values asked; a filter added to the API and missing here fails the test. */
export const FILTER_VALUES: Record<keyof OutcomeFilter, ReadonlyArray<string | undefined>> = {
  cohort: [undefined, '2026', ...QUARTERS],
  municipalityId: [undefined, ...MUNICIPALITIES],
  riskLevel: [undefined, ...RISKS],
  sex: [undefined, ...SEXES],
  ageBand: [undefined, ...AGE_BANDS],
};

/** `count` children of one kind, girls and boys and both age bands in turn. */
const spec = (quarter: string, municipalityId: string, riskLevel: RiskLevel, housing: Level, count: number) =>
  Array.from({ length: count }, (_, i) => ({ quarter, municipalityId, riskLevel, housing, sex: SEXES[i % 2]!, ageBand: AGE_BANDS[Math.floor(i / 2) % 2]! }));

/** Record keys as a fixed draw: the same seed, the same keys. */
export function keysFrom(seed: number): () => number {
  const random = seededRandom(seed);
  return () => Math.floor(random() * 256);
}

/** Yesterday's children, then the one enrolled today. Record keys come from `key`; referrals when asked for. */
export function vulnerablePopulation(key: () => number, withReferrals = false): { yesterday: SeededChild[]; newChild: SeededChild } {
  const population = seededPopulation(key);
  if (!withReferrals) return population;
  const referral = (child: SeededChild): ReferralFamily =>
    child.quarter === '2026-Q2' && child.municipalityId === 'bitola' ? 'ref:none' : (`ref:${child.municipalityId}:${child.municipalityId === 'skopje' ? 'housing' : 'legal_aid'}` as ReferralFamily);
  return {
    yesterday: population.yesterday.map((child) => ({ ...child, referral: referral(child) })),
    newChild: { ...population.newChild, referral: 'ref:ohrid:legal_aid' },
  };
}

function seededPopulation(key: () => number): { yesterday: SeededChild[]; newChild: SeededChild } {
  const yesterday = [
    // 2026-Q1: low 11, medium 12, high 3; ohrid has 3 children.
    ...spec('2026-Q1', 'skopje', 'low', 'stable', 7),
    ...spec('2026-Q1', 'skopje', 'low', 'at_risk', 2),
    ...spec('2026-Q1', 'bitola', 'low', 'stable', 2),
    ...spec('2026-Q1', 'skopje', 'medium', 'stable', 6),
    ...spec('2026-Q1', 'bitola', 'medium', 'at_risk', 4),
    ...spec('2026-Q1', 'ohrid', 'medium', 'stable', 2),
    ...spec('2026-Q1', 'skopje', 'high', 'thriving', 2),
    ...spec('2026-Q1', 'ohrid', 'high', 'at_risk', 1),
    // 2026-Q2: a quarter of 2.
    ...spec('2026-Q2', 'skopje', 'medium', 'stable', 1),
    ...spec('2026-Q2', 'bitola', 'low', 'at_risk', 1),
  ].map((child) => ({ ...child, recordKey: key() }));
  return {
    yesterday,
    newChild: { quarter: '2026-Q2', municipalityId: 'skopje', riskLevel: 'low', housing: 'stable', sex: 'female', ageBand: '15-17', recordKey: key() },
  };
}

type Finest = Pick<SeededChild, 'quarter' | 'municipalityId' | 'riskLevel' | 'sex' | 'ageBand'>;
export const cellId = (c: Finest) => `${c.quarter}/${c.municipalityId}/${c.riskLevel}/${c.sex}/${c.ageBand}`;

/** The projection's cells for these children, as lib/data/outcomes.ts keeps them. */
function cellsOf(children: readonly SeededChild[]): Array<CellKey & Tally> {
  const cells = new Map<string, CellKey & Tally>();
  for (const child of children) {
    const contribution = emptyContribution();
    contribution.children = 1;
    contribution.levels.housing[child.housing] = 1;
    contribution.reintegrated.housing = child.housing === 'stable' || child.housing === 'thriving' ? 1 : 0;
    if (child.referral && child.referral !== 'ref:none') {
      const [municipalityId, service] = groupOf(child.referral);
      contribution.referrals = referralCountsOf(
        [{ municipalityId, service, status: 'delivered', requestedOn: '2026-06-01', dueBy: '2026-06-10', deliveredOn: '2026-06-05' }],
        '2026-06-20',
      );
    }
    const id = cellId(child);
    const current = cells.get(id) ?? {
      cohort: child.quarter,
      municipalityId: child.municipalityId,
      riskLevel: child.riskLevel,
      sex: child.sex,
      ageBand: child.ageBand,
      ...emptyTally(),
    };
    cells.set(id, { ...current, ...addTally(current, tallyOf(contribution, child.recordKey)) });
  }
  return [...cells.values()];
}

const inCohort = (cohort: string | undefined) => (cell: CellKey) => !cohort || (cohort.includes('-Q') ? cell.cohort === cohort : cell.cohort.startsWith(`${cohort}-`));

export interface Asked {
  day: string;
  filter: OutcomeFilter;
  /** What `/outcomes` answered, computed here or received over HTTP. */
  report: Pick<OutcomeReport, 'figures' | 'breakdown'> & Partial<Pick<OutcomeReport, 'referrals'>>;
}

/**
 * The queries asked: `api`, every filter `/outcomes` accepts in every combination it accepts (place and risk with the
 * cohort, sex and age band with the cohort: lib/domain/outcome-query.ts, filterViolations); `crossed`, every combination
 * of every filter, as the API would answer were sex and age band not kept apart (what bench/intruder.ts measures).
 */
export type QuerySpace = 'api' | 'crossed';

export function everyFilter(space: QuerySpace = 'api'): OutcomeFilter[] {
  const all = FILTER_VALUES.cohort.flatMap((cohort) =>
    FILTER_VALUES.municipalityId.flatMap((municipalityId) =>
      FILTER_VALUES.riskLevel.flatMap((riskLevel) =>
        FILTER_VALUES.sex.flatMap((sex) =>
          FILTER_VALUES.ageBand.map((ageBand) => ({
            cohort,
            municipalityId,
            riskLevel: riskLevel as RiskLevel | undefined,
            sex: sex as Sex | undefined,
            ageBand: ageBand as AgeBand | undefined,
          })),
        ),
      ),
    ),
  );
  return space === 'crossed' ? all : all.filter((filter) => filterViolations(filter).length === 0);
}

/** Every filter combination on each day, answered as `/outcomes` answers it. */
export function askEverything(population: { yesterday: SeededChild[]; newChild: SeededChild }, rules: DisclosureRules, space: QuerySpace = 'api'): Asked[] {
  const byDay = { yesterday: cellsOf(population.yesterday), today: cellsOf([...population.yesterday, population.newChild]) };
  return DAYS.flatMap((day) =>
    everyFilter(space).map((filter) => ({ day, filter, report: outcomeReport(byDay[day].filter(inCohort(filter.cohort)), filter, rules, MUNICIPALITIES) })),
  );
}

/** The finest cells a filter covers, whether or not any child is in them. */
export function cellsCovered(filter: OutcomeFilter): string[] {
  const allowed = <T extends string>(values: readonly T[], chosen: T | undefined) => values.filter((v) => !chosen || v === chosen);
  return QUARTERS.filter((quarter) => !filter.cohort || (filter.cohort.includes('-Q') ? quarter === filter.cohort : quarter.startsWith(`${filter.cohort}-`))).flatMap((quarter) =>
    allowed(MUNICIPALITIES, filter.municipalityId).flatMap((municipalityId) =>
      allowed(RISKS, filter.riskLevel).flatMap((riskLevel) =>
        allowed(SEXES, filter.sex).flatMap((sex) => allowed(AGE_BANDS, filter.ageBand).map((ageBand) => cellId({ quarter, municipalityId, riskLevel, sex, ageBand }))),
      ),
    ),
  );
}

const HOUSING = RATED_LEVELS.map((level) => `housing:${level}`);

/**
 * What the intruder reads off the referral figures (issue 16): the referrals of the whole answer and of each group
 * it is modelled with. They are counted over every child the filter allows but its municipality, which selects the
 * municipality the referral is counted for.
 */
function referralObservationsOf({ day, filter, report }: Asked): Observation[] {
  if (!report.referrals) return [];
  const { municipalityId, ...others } = filter;
  const cells = cellsCovered(others);
  const whole: Observation = {
    family: 'referrals',
    families: REFERRED.filter((f) => !municipalityId || groupOf(f)[0] === municipalityId),
    day,
    cells,
    shown: report.referrals.figures.referrals,
    complementMayHide: false,
  };
  const rows = report.referrals.byMunicipalityAndService.flatMap((row) => {
    const family = REFERRED.find((f) => groupOf(f)[0] === row.municipalityId && groupOf(f)[1] === row.service);
    return family ? [{ family, day, cells, shown: row.referrals, complementMayHide: true }] : [];
  });
  if (!isDemographic(filter) && rows.length !== REFERRED.filter((f) => !municipalityId || groupOf(f)[0] === municipalityId).length) {
    throw new Error('the referral table lost a group the scenario has');
  }
  return [whole, ...rows];
}

/** What the intruder reads off the answers: children and housing levels, of the whole and of each row; referrals when asked for. */
export function observationsOf(asked: readonly Asked[], withReferrals = false): Observation[] {
  return asked.flatMap((answer) => [...(withReferrals ? referralObservationsOf(answer) : []), ...observationsOfChildren(answer)]);
}

function observationsOfChildren({ day, filter, report }: Asked): Observation[] {
  const whole = cellsCovered(filter);
  const of = (cells: string[], figures: Pick<OutcomeReport['figures'], 'children' | 'domains'>, complementMayHide: boolean): Observation[] => [
    { family: 'children', day, cells, shown: figures.children, complementMayHide },
    ...RATED_LEVELS.map((level) => ({ family: `housing:${level}`, day, cells, shown: figures.domains.housing.levels[level], complementMayHide: true })),
  ];
  return [
    ...of(whole, report.figures, false),
    ...report.breakdown.flatMap((row) => of(cellsCovered({ ...filter, municipalityId: row.municipalityId }), row, true)),
  ];
}

export function worldOf(withReferrals = false): World {
  return { days: DAYS, cells: cellsCovered({}), domains: { housing: HOUSING, ...(withReferrals ? { referral: REFERRAL_FAMILIES } : {}) }, added: [1] };
}

/** A count as an evaluator would name it: `children yesterday cohort=2026-Q1 riskLevel=high`. */
export function describe(family: string, day: string, filter: OutcomeFilter): string {
  const where = Object.entries(filter).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${value}`);
  return [family, day, ...where].join(' ');
}

/**
 * What must stay hidden: the true value of every count an answer covers (below k or perturbed), on either day,
 * and where the new child is and what its housing level is.
 */
export function targetsOf(population: { yesterday: SeededChild[]; newChild: SeededChild }, asked: readonly Asked[]): Target[] {
  const children = { yesterday: population.yesterday, today: [...population.yesterday, population.newChild] };
  const truthOf = (family: string, day: (typeof DAYS)[number], cells: readonly string[]) =>
    children[day].filter((c) => cells.includes(cellId(c)) && (family === 'children' || family === `housing:${c.housing}` || family === c.referral)).length;
  const referred = population.newChild.referral ? REFERRED : [];
  const targets = new Map<string, Target>();
  for (const { day, filter } of asked) {
    const slices = [filter, ...MUNICIPALITIES.filter(() => !filter.municipalityId).map((municipalityId) => ({ ...filter, municipalityId }))];
    for (const slice of slices) {
      const cells = cellsCovered(slice);
      for (const family of ['children', ...HOUSING, ...referred]) {
        const truth = truthOf(family, day as (typeof DAYS)[number], cells);
        const id = JSON.stringify([family, day, cells]);
        if (truth === 0 || targets.has(id)) continue;
        targets.set(id, { description: describe(family, day, slice), terms: new Map(cells.map((c) => [variable(family, day, c), 1])), truth });
      }
    }
  }
  const added = (family: string, cells: readonly string[]) =>
    new Map(cells.flatMap((c) => [[variable(family, 'today', c), 1] as const, [variable(family, 'yesterday', c), -1] as const]));
  const { newChild } = population;
  targets.set('new:housing', { description: `the new child's housing level is ${newChild.housing}`, terms: added(`housing:${newChild.housing}`, cellsCovered({})), truth: 1 });
  targets.set('new:municipality', {
    description: `the new child's municipality is ${newChild.municipalityId}`,
    terms: added('children', cellsCovered({ municipalityId: newChild.municipalityId })),
    truth: 1,
  });
  targets.set('new:risk', { description: `the new child's risk level is ${newChild.riskLevel}`, terms: added('children', cellsCovered({ riskLevel: newChild.riskLevel })), truth: 1 });
  targets.set('new:sex', { description: `the new child's sex is ${newChild.sex}`, terms: added('children', cellsCovered({ sex: newChild.sex })), truth: 1 });
  if (newChild.referral) {
    targets.set('new:referral', { description: `the new child's referral is counted in ${newChild.referral}`, terms: added(newChild.referral, cellsCovered({})), truth: 1 });
  }
  targets.set('new:ageBand', { description: `the new child's age band is ${newChild.ageBand}`, terms: added('children', cellsCovered({ ageBand: newChild.ageBand })), truth: 1 });
  return [...targets.values()];
}

/** The evaluator asks every filter on two days, around one enrolment, and solves for every count (k = 5). */
export async function attack(seed: number, maxNoise: 0 | MaxNoise, withReferrals = false) {
  const rules = { k: 5, table: PERTURBATION_TABLES[maxNoise] };
  const population = vulnerablePopulation(keysFrom(seed), withReferrals);
  const asked = askEverything(population, rules);
  const observations = observationsOf(asked, withReferrals);
  const found = await disclosures(worldOf(withReferrals), observations, targetsOf(population, asked), rules);
  return { found, hiddenAnswers: observations.filter((o) => o.shown === SUPPRESSED).length };
}
