import type { Checkpoint, Child } from '../../../lib/domain/case';
import { DOMAINS, type Domain, type Level, type LevelsByDomain } from '../../../lib/domain/domains';
import type { Flag, FlagStatus, FlagType } from '../../../lib/domain/flags';
import { MIN_K, SUPPRESSED, type Figure } from '../../../lib/domain/disclosure/cell-key';
import { PERTURBATION_TABLES } from '../../../lib/domain/disclosure/perturbation-table';
import { figuresOf, type OutcomeFigures } from '../../../lib/domain/disclosure/outcome-figures';
import { outcomeReport, type OutcomeReport } from '../../../lib/domain/disclosure/released-figures';
import { Suppressor } from '../../../lib/domain/disclosure/suppressor';
import { contributionOf } from '../../../lib/domain/outcome-contribution';
import { cohortQuarter, type CellKey } from '../../../lib/domain/outcome-query';
import { addTally, combine, emptyContribution, emptyTally, medianDays, REPORTED_LEVELS, tallyOf, type Contribution, type ReportedLevel, type Tally } from '../../../lib/domain/outcomes';
import type { CheckpointStatus, RiskLevel } from '../../../lib/domain/schedule';
import type { AssessmentPoint } from '../../../lib/domain/assessments';

const S = SUPPRESSED;
type Cell = CellKey & Tally;

/**
 * The counting and the suppression rules, read with no perturbation (D = 0), so a figure here is the true one;
 * test/lib/domain/disclosure shows what the perturbation adds.
 */
const unperturbed = (k: number) => ({ k, table: PERTURBATION_TABLES[0] });
/** A tally for a population of these counts: every record key 1, which D = 0 ignores. */
const tally = (contribution: Contribution): Tally => tallyOf(contribution, 1);

// ---------------------------------------------------------------------------------------------------------
// The hand-computed fixture: 8 children enrolled on 2025-01-15 (cohort 2025-Q1), in bitola and skopje, at
// high and low risk. Six had one visit on 2025-04-15 assessing all four domains; two were never visited
// (their latest levels are their baseline).
// ---------------------------------------------------------------------------------------------------------

const ENROLLED_ON = '2025-01-15';
const VISITED_ON = '2025-04-15';
/** Figures counted soon after the visit, when every level is fresh. */
const FRESH = { asOf: '2025-06-01', freshMonths: 6 };
/** The sex and age band of every cell here: the suppression rules do not depend on them. */
const SUBJECT = { sex: 'female', ageBand: '15-17' } as const;

/** Levels in DOMAINS order: education, housing, health, vocational_training. */
const lv = (education: Level, housing: Level, health: Level, vocational_training: Level): LevelsByDomain => ({
  education,
  housing,
  health,
  vocational_training,
});
const [c, a, s, t] = ['critical', 'at_risk', 'stable', 'thriving'] as const;

interface FixtureFlag {
  type: FlagType;
  status: FlagStatus;
  raisedAt: string;
  resolvedAt?: string;
}

interface FixtureChild {
  id: string;
  municipalityId: string;
  riskLevel: RiskLevel;
  baseline: LevelsByDomain;
  /** The levels assessed on VISITED_ON; none when the child was never visited. */
  visit?: LevelsByDomain;
  closedAs?: string;
  checkpoints: CheckpointStatus[];
  flags: FixtureFlag[];
}

const CHILDREN: FixtureChild[] = [
  {
    // reintegrated in all four; no regression; 2 in time / 2 due (scheduled not yet due)
    id: 'c1',
    municipalityId: 'bitola',
    riskLevel: 'high',
    baseline: lv(s, a, s, a),
    visit: lv(s, t, t, s),
    checkpoints: ['completed', 'completed', 'scheduled'],
    flags: [
      // 02-01 10:00 → 02-03 09:00 is 1.96 days: 1 whole day
      { type: 'regression', status: 'resolved', raisedAt: '2025-02-01T10:00:00.000Z', resolvedAt: '2025-02-03T09:00:00.000Z' },
      { type: 'missed_visit', status: 'open', raisedAt: '2025-03-01T10:00:00.000Z' },
    ],
  },
  {
    // reintegrated in all four, and yet regressed: health thriving → stable; 1 in time / 2 due (cancelled not due)
    id: 'c2',
    municipalityId: 'bitola',
    riskLevel: 'high',
    baseline: lv(s, t, t, s),
    visit: lv(s, t, s, s),
    checkpoints: ['completed', 'completed_late', 'cancelled'],
    // 3 days
    flags: [{ type: 'missed_visit', status: 'resolved', raisedAt: '2025-03-01T08:00:00.000Z', resolvedAt: '2025-03-04T08:00:00.000Z' }],
  },
  {
    // reintegrated in all four; no regression; 1 in time / 2 due
    id: 'c3',
    municipalityId: 'bitola',
    riskLevel: 'low',
    baseline: lv(a, t, t, a),
    visit: lv(s, t, t, s),
    checkpoints: ['completed', 'missed'],
    // 10 days
    flags: [{ type: 'missed_visit', status: 'resolved', raisedAt: '2025-02-10T00:00:00.000Z', resolvedAt: '2025-02-20T00:00:00.000Z' }],
  },
  {
    // regressed (education stable → critical, housing thriving → at_risk); closed as having left the programme, so
    // its open lost-contact flag does not make it lost to follow-up; 2 in time / 2 due
    id: 'c4',
    municipalityId: 'bitola',
    riskLevel: 'low',
    baseline: lv(s, t, s, a),
    visit: lv(c, a, s, a),
    closedAs: 'left_programme',
    checkpoints: ['completed', 'completed'],
    flags: [
      // 4.25 days: 4
      { type: 'regression', status: 'resolved', raisedAt: '2025-04-15T12:00:00.000Z', resolvedAt: '2025-04-19T18:00:00.000Z' },
      { type: 'lost_contact', status: 'open', raisedAt: '2025-04-20T00:00:00.000Z' },
    ],
  },
  {
    // never visited; closed as lost to follow-up; 0 due
    id: 'c5',
    municipalityId: 'bitola',
    riskLevel: 'high',
    baseline: lv(s, a, s, a),
    closedAs: 'lost_to_follow_up',
    checkpoints: ['cancelled', 'cancelled'],
    flags: [],
  },
  {
    // regressed (education at_risk → critical); active with an acknowledged lost-contact flag: lost; 2 / 2
    id: 'c6',
    municipalityId: 'skopje',
    riskLevel: 'high',
    baseline: lv(a, a, s, a),
    visit: lv(c, a, s, a),
    checkpoints: ['completed', 'completed', 'scheduled'],
    flags: [
      // 5.5 days: 5
      { type: 'regression', status: 'resolved', raisedAt: '2025-04-15T00:00:00.000Z', resolvedAt: '2025-04-20T12:00:00.000Z' },
      { type: 'lost_contact', status: 'acknowledged', raisedAt: '2025-05-01T00:00:00.000Z' },
    ],
  },
  {
    // regressed (vocational training stable → at_risk); its lost-contact flag is resolved: not lost; 1 / 2
    id: 'c7',
    municipalityId: 'skopje',
    riskLevel: 'low',
    baseline: lv(s, t, t, s),
    visit: lv(s, t, t, a),
    checkpoints: ['completed', 'missed', 'cancelled'],
    // 2 days
    flags: [{ type: 'lost_contact', status: 'resolved', raisedAt: '2025-03-01T00:00:00.000Z', resolvedAt: '2025-03-03T00:00:00.000Z' }],
  },
  {
    // never visited; active with an open lost-contact flag: lost; 0 in time / 1 due
    id: 'c8',
    municipalityId: 'skopje',
    riskLevel: 'low',
    baseline: lv(c, a, s, a),
    checkpoints: ['missed'],
    flags: [
      { type: 'lost_contact', status: 'open', raisedAt: '2025-04-01T00:00:00.000Z' },
      // 7 days
      { type: 'missed_visit', status: 'resolved', raisedAt: '2025-02-01T00:00:00.000Z', resolvedAt: '2025-02-08T00:00:00.000Z' },
    ],
  },
];

type ChildRecord = Pick<Child, 'baseline' | 'latestLevels' | 'status' | 'closure' | 'enrolledOn'>;
type FlagRecord = Pick<Flag, 'type' | 'status' | 'raisedAt' | 'resolution' | 'evidence'>;

function childRecord(fixture: FixtureChild): ChildRecord {
  const latest = fixture.visit ?? fixture.baseline;
  return {
    enrolledOn: ENROLLED_ON,
    baseline: fixture.baseline,
    latestLevels: Object.fromEntries(
      DOMAINS.map((d) => [
        d,
        fixture.visit
          ? { level: latest[d], assessedOn: VISITED_ON, source: 'visit', visitId: `v-${fixture.id}` }
          : { level: latest[d], assessedOn: ENROLLED_ON, source: 'baseline' },
      ]),
    ) as Child['latestLevels'],
    status: fixture.closedAs ? 'closed' : 'active',
    closure: fixture.closedAs
      ? { reason: fixture.closedAs, outcome: 'closed', closedOn: '2025-05-01', closedBy: 'worker-1', closedAt: '2025-05-01T09:00:00.000Z' }
      : undefined,
  };
}

function flagRecord(flag: FixtureFlag): FlagRecord {
  return {
    type: flag.type,
    status: flag.status,
    evidence: {},
    raisedAt: flag.raisedAt,
    resolution: flag.resolvedAt ? { note: 'done', at: flag.resolvedAt, by: 'worker-1', role: 'social_worker', automatic: false } : undefined,
  };
}

function pointsOf(fixture: FixtureChild): AssessmentPoint[] {
  const visit = fixture.visit;
  return visit ? DOMAINS.map((domain) => ({ domain, level: visit[domain], assessedOn: VISITED_ON, visitId: `v-${fixture.id}` })) : [];
}

function contributionOfFixture(fixture: FixtureChild): Contribution {
  const checkpoints: Pick<Checkpoint, 'status'>[] = fixture.checkpoints.map((status) => ({ status }));
  return contributionOf(childRecord(fixture), checkpoints, fixture.flags.map(flagRecord), pointsOf(fixture), FRESH);
}

/** Children summed into their cells, the way lib/data/outcomes.ts keeps them. */
function cellsOf(children: readonly FixtureChild[]): Cell[] {
  const cells = new Map<string, Cell>();
  for (const child of children) {
    const key: CellKey = { cohort: cohortQuarter(ENROLLED_ON), municipalityId: child.municipalityId, riskLevel: child.riskLevel, ...SUBJECT };
    const id = JSON.stringify([key.cohort, key.municipalityId, key.riskLevel]);
    const current = cells.get(id) ?? emptyTally();
    cells.set(id, { ...key, ...addTally(current, tally(contributionOfFixture(child))) });
  }
  return [...cells.values()];
}

const rowOf = (report: OutcomeReport, municipalityId: string) => {
  const row = report.breakdown.find((r) => r.municipalityId === municipalityId);
  if (!row) throw new Error(`no row for ${municipalityId}`);
  return row;
};

describe('outcomes on a hand-computed fixture (k = 3)', () => {
  // Counted in each test, not when the file loads, so mutation testing sees which tests cover the counting (issue 20).
  let cells: Cell[];
  let report: OutcomeReport;
  beforeEach(() => {
    cells = cellsOf(CHILDREN);
    report = outcomeReport(cells, {}, unperturbed(3));
  });

  it('sums the eight children into four cells of cohort 2025-Q1 (bitola/high, bitola/low, skopje/high, skopje/low)', () => {
    expect(cells.map(({ cohort, municipalityId, riskLevel, contribution }) => [cohort, municipalityId, riskLevel, contribution.children])).toEqual([
      ['2025-Q1', 'bitola', 'high', 3], // c1 c2 c5
      ['2025-Q1', 'bitola', 'low', 2], // c3 c4
      ['2025-Q1', 'skopje', 'high', 1], // c6
      ['2025-Q1', 'skopje', 'low', 2], // c7 c8
    ]);
  });

  it('counts the children', () => {
    expect(report.figures.children).toBe(8);
  });

  it('counts per domain the children at each latest level (a never-visited child counts at its baseline)', () => {
    const levels = Object.fromEntries(DOMAINS.map((d) => [d, report.figures.domains[d].levels]));
    expect(levels).toEqual({
      // stable: c1 c2 c3 c5 c7; critical: c4 c6 c8
      education: { critical: 3, at_risk: 0, stable: 5, thriving: 0, not_applicable: 0, not_recently_assessed: 0 },
      // thriving: c1 c2 c3 c7; at_risk: c4 c5 c6 c8
      housing: { critical: 0, at_risk: 4, stable: 0, thriving: 4, not_applicable: 0, not_recently_assessed: 0 },
      // thriving: c1 c3 c7; stable: c2 c4 c5 c6 c8
      health: { critical: 0, at_risk: 0, stable: 5, thriving: 3, not_applicable: 0, not_recently_assessed: 0 },
      // stable: c1 c2 c3; at_risk: c4 c5 c6 c7 c8
      vocational_training: { critical: 0, at_risk: 5, stable: 3, thriving: 0, not_applicable: 0, not_recently_assessed: 0 },
    });
  });

  it('gives per domain the share reintegrated, (stable + thriving, not lost to follow-up) / children, to 3 decimals', () => {
    const shares = Object.fromEntries(DOMAINS.map((d) => [d, report.figures.domains[d].reintegratedShare]));
    // c5, c6 and c8 are lost to follow-up: their last levels are counted in `levels`, never as reintegrated.
    expect(shares).toEqual({
      education: 0.5, // (5 + 0 − 1 lost) / 8
      housing: 0.5, // (0 + 4) / 8, none of them lost
      health: 0.625, // (5 + 3 − 3 lost) / 8
      vocational_training: 0.375, // (3 + 0) / 8, none of them lost
    });
  });

  it('gives the share reintegrated in all four domains at once', () => {
    // c1 c2 c3 are stable or thriving everywhere (c2 despite its regression); c7 is at_risk in vocational training
    expect(report.figures.reintegratedAllShare).toBe(0.375); // 3 / 8
  });

  it('gives visit compliance as completed / (completed + completed_late + missed), ignoring scheduled and cancelled', () => {
    // completed: c1 2, c2 1, c3 1, c4 2, c6 2, c7 1 = 9
    // due: c1 2, c2 2, c3 2, c4 2, c5 0, c6 2, c7 2, c8 1 = 13
    expect(report.figures.visitCompliance).toBe(0.692); // 9 / 13 = 0.6923…
  });

  it('gives the regression rate: the share with a latest level below baseline in any domain', () => {
    // c2 (health t→s), c4 (education s→c, housing t→a), c6 (education a→c), c7 (vocational s→a)
    expect(report.figures.regressionRate).toBe(0.5); // 4 / 8
  });

  it('counts as lost to follow-up the children closed as such or active with an unresolved lost-contact flag', () => {
    // c5 closed lost_to_follow_up, c6 acknowledged lost_contact, c8 open lost_contact;
    // not c4 (closed as left_programme, open lost_contact), not c7 (resolved lost_contact)
    expect(report.figures.lostToFollowUp).toBe(3);
  });

  it('gives the median of whole days from raised to resolved, overall and per municipality (even count: mean of the middle two)', () => {
    // bitola: c1 1 (1.96 floored), c2 3, c3 10, c4 4 → 1 3 4 10 → (3 + 4) / 2
    // skopje: c6 5 (5.5 floored), c7 2, c8 7 → 2 5 7 → 5; unresolved flags do not count
    // all: 1 2 3 4 5 7 10 → 4
    expect(report.figures.medianDaysToResolve).toBe(4);
    expect(rowOf(report, 'bitola').medianDaysToResolve).toBe(3.5);
    expect(rowOf(report, 'skopje').medianDaysToResolve).toBe(5);
  });

  it('breaks the figures down by municipality, hiding the small counts of each row', () => {
    const figuresOfRow = (m: string) => {
      const { children, reintegratedAllShare, visitCompliance, regressionRate, lostToFollowUp } = rowOf(report, m);
      return { children, reintegratedAllShare, visitCompliance, regressionRate, lostToFollowUp };
    };
    expect(report.breakdown.map((r) => r.municipalityId)).toEqual(['bitola', 'skopje']);
    expect(figuresOfRow('bitola')).toEqual({
      children: 5, // c1..c5
      reintegratedAllShare: 0.6, // c1 c2 c3: 3 / 5
      visitCompliance: 0.75, // 6 / 8
      regressionRate: S, // c2 c4: 2 < k
      lostToFollowUp: S, // c5: 1 < k
    });
    expect(figuresOfRow('skopje')).toEqual({
      children: 3, // c6 c7 c8
      reintegratedAllShare: 0, // 0 / 3
      visitCompliance: 0.6, // 3 / 5
      regressionRate: S, // c6 c7: 2 < k
      lostToFollowUp: S, // c6 c8: 2 < k
    });
  });

  it('hides a level distribution of a row with its complement, and the domain share with it', () => {
    // bitola education: critical 1 (c4), stable 4 → both hidden, so the share is too
    expect(rowOf(report, 'bitola').domains.education).toEqual({
      levels: { critical: S, at_risk: 0, stable: S, thriving: 0, not_applicable: 0, not_recently_assessed: 0 },
      reintegratedShare: S,
    });
    // skopje housing: at_risk 2 (c6 c8), thriving 1 (c7)
    expect(rowOf(report, 'skopje').domains.housing).toEqual({
      levels: { critical: 0, at_risk: S, stable: 0, thriving: S, not_applicable: 0, not_recently_assessed: 0 },
      reintegratedShare: S,
    });
  });

  it('gives the trajectory by whole months since enrolment among the children followed that long', () => {
    // month 0: all 8 at baseline; months 1–2: the 6 visited children, still at baseline; month 3 (2025-04-15):
    // the 6 at their visit. Vocational training at baseline is reintegrated for c2 c7 only: 2 < k.
    expect(report.trajectory).toEqual([
      {
        monthsSinceEnrolment: 0,
        observed: 8,
        // education c1 c2 c4 c5 c7 = 5; housing c2 c3 c4 c7 = 4; health 8
        reintegratedShare: { education: 0.625, housing: 0.5, health: 1, vocational_training: S },
      },
      // education c1 c2 c4 c7 = 4/6; housing c2 c3 c4 c7 = 4/6; health 6/6
      { monthsSinceEnrolment: 1, observed: 6, reintegratedShare: { education: 0.667, housing: 0.667, health: 1, vocational_training: S } },
      { monthsSinceEnrolment: 2, observed: 6, reintegratedShare: { education: 0.667, housing: 0.667, health: 1, vocational_training: S } },
      // education c1 c2 c3 c7 = 4/6; housing c1 c2 c3 c7 = 4/6; health 6/6; vocational c1 c2 c3 = 3/6
      { monthsSinceEnrolment: 3, observed: 6, reintegratedShare: { education: 0.667, housing: 0.667, health: 1, vocational_training: 0.5 } },
    ]);
  });

  it('filters by municipality and by risk level', () => {
    expect(outcomeReport(cells, { municipalityId: 'skopje' }, unperturbed(3)).figures.children).toBe(3); // c6 c7 c8
    const high = outcomeReport(cells, { riskLevel: 'high' }, unperturbed(3));
    expect(high.figures.children).toBe(4); // c1 c2 c5 c6
    // skopje has 1 high-risk child (c6): its row is hidden, and bitola (3) with it as the next smallest row
    expect(high.breakdown.map((r) => [r.municipalityId, r.children])).toEqual([
      ['bitola', S],
      ['skopje', S],
    ]);
  });
});

describe('contributionOf', () => {
  const byId = (id: string) => CHILDREN.find((x) => x.id === id)!;
  const base = { ...byId('c1'), checkpoints: [] as CheckpointStatus[], flags: [] as FixtureFlag[] };
  const lostContact = (status: FlagStatus): FixtureFlag => ({
    type: 'lost_contact',
    status,
    raisedAt: '2025-04-01T00:00:00.000Z',
    ...(status === 'resolved' ? { resolvedAt: '2025-04-02T00:00:00.000Z' } : {}),
  });

  it.each([
    ['closed as lost_to_follow_up', 1, { closedAs: 'lost_to_follow_up' }],
    ['active with an open lost_contact flag', 1, { flags: [lostContact('open')] }],
    ['active with an acknowledged lost_contact flag', 1, { flags: [lostContact('acknowledged')] }],
    ['active with a resolved lost_contact flag', 0, { flags: [lostContact('resolved')] }],
    ['closed for another reason with an open lost_contact flag', 0, { closedAs: 'reintegrated', flags: [lostContact('open')] }],
    ['active with an open flag of another type', 0, { flags: [{ ...lostContact('open'), type: 'missed_visit' as const }] }],
  ])('a child %s counts %i as lost to follow-up', (_label, expected, change) => {
    expect(contributionOfFixture({ ...base, ...change }).lostToFollowUp).toBe(expected);
  });

  it('counts one child once, at its latest level in each domain', () => {
    const contribution = contributionOfFixture(byId('c1'));
    expect(contribution.children).toBe(1);
    for (const d of DOMAINS) expect(REPORTED_LEVELS.reduce((sum, l) => sum + contribution.levels[d][l], 0)).toBe(1);
    expect(contribution.levels.health).toEqual({ critical: 0, at_risk: 0, stable: 0, thriving: 1, not_applicable: 0, not_recently_assessed: 0 });
  });

  it('floors the days from raised to resolved to whole days and ignores unresolved flags', () => {
    expect(contributionOfFixture(byId('c1')).resolutionDays).toEqual({ '1': 1 });
  });
});

describe('combine', () => {
  const contributions = CHILDREN.map(contributionOfFixture);
  const [first, second] = [contributions[0]!, contributions[1]!];

  it('is invertible: adding then subtracting a contribution gives back the original', () => {
    expect(combine(combine(first, second), second, -1)).toEqual(first);
    const all = contributions.reduce((sum, x) => combine(sum, x), emptyContribution());
    expect(contributions.reduce((rest, x) => combine(rest, x, -1), all)).toEqual(emptyContribution());
  });

  it('has emptyContribution as its neutral element, on either side', () => {
    expect(combine(first, emptyContribution())).toEqual(first);
    expect(combine(emptyContribution(), first)).toEqual(first);
    expect(combine(first, emptyContribution(), -1)).toEqual(first);
  });

  it('does not depend on the order in which children are added', () => {
    const forward = contributions.reduce((sum, x) => combine(sum, x), emptyContribution());
    const backward = [...contributions].reverse().reduce((sum, x) => combine(sum, x), emptyContribution());
    expect(backward).toEqual(forward);
  });
});

describe('medianDays', () => {
  it.each([
    ['an odd count: the middle value', { '2': 1, '5': 1, '7': 1 }, 5],
    ['an even count: the mean of the two middle values', { '1': 1, '3': 1, '4': 1, '10': 1 }, 3.5],
    ['an even count inside one bucket', { '2': 2, '9': 1, '1': 1 }, 2],
    ['buckets with no flags ignored', { '0': 0, '6': 2, '8': 2 }, 7],
  ])('of %s', (_label, histogram, expected) => {
    expect(medianDays(histogram)).toBe(expected);
  });

  it('is undefined for no resolved flags', () => {
    expect(medianDays({})).toBeUndefined();
    expect(medianDays({ '3': 0 })).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------
// Suppression with k = 5, on contributions written directly as counts.
// ---------------------------------------------------------------------------------------------------------

interface PopulationSpec {
  children: number;
  /** Level counts of the domains given; every other domain has all its children stable. */
  levels?: Partial<Record<Domain, Partial<Record<ReportedLevel, number>>>>;
  reintegratedAll?: number;
  regressed?: number;
  lostToFollowUp?: number;
  checkpointsInTime?: number;
  checkpointsDue?: number;
  resolutionDays?: Record<string, number>;
}

function population(spec: PopulationSpec): Contribution {
  const contribution = emptyContribution();
  contribution.children = spec.children;
  for (const d of DOMAINS) {
    const given = spec.levels?.[d];
    for (const l of REPORTED_LEVELS) contribution.levels[d][l] = given ? (given[l] ?? 0) : l === 'stable' ? spec.children : 0;
    contribution.applicable[d] = spec.children - contribution.levels[d].not_applicable;
    contribution.reintegrated[d] = contribution.levels[d].stable + contribution.levels[d].thriving;
  }
  contribution.reintegratedAll = spec.reintegratedAll ?? 0;
  contribution.regressed = spec.regressed ?? 0;
  contribution.lostToFollowUp = spec.lostToFollowUp ?? 0;
  contribution.checkpointsInTime = spec.checkpointsInTime ?? 0;
  contribution.checkpointsDue = spec.checkpointsDue ?? 0;
  contribution.resolutionDays = spec.resolutionDays ?? {};
  return contribution;
}

const cell = (municipalityId: string, spec: PopulationSpec): Cell => ({
  cohort: '2025-Q1',
  municipalityId,
  riskLevel: 'low',
  ...SUBJECT,
  ...tally(population(spec)),
});

const allSuppressed: OutcomeFigures = {
  children: S,
  domains: Object.fromEntries(
    DOMAINS.map((d) => [d, { levels: Object.fromEntries(REPORTED_LEVELS.map((l) => [l, S])), reintegratedShare: S }]),
  ) as OutcomeFigures['domains'],
  reintegratedAllShare: S,
  sustainedShare: S,
  currentPlanShare: S,
  planWithChildShare: S,
  visitCompliance: S,
  regressionRate: S,
  lostToFollowUp: S,
  exited: S,
  closureOutcomes: { reintegrated: S, partially_reintegrated: S, not_reintegrated: S, unknown: S },
  medianDaysToResolve: S,
};

/** Every path of the report whose value is the string 'suppressed', in the naming of `report.suppressed`. */
function pathsHoldingSuppressed(report: OutcomeReport): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string) => {
    if (node === SUPPRESSED) found.push(path);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) walk(value, path ? `${path}.${key}` : key);
    }
  };
  walk(report.figures, '');
  for (const { municipalityId, ...row } of report.breakdown) walk(row, `breakdown.${municipalityId}`);
  for (const { monthsSinceEnrolment, ...point } of report.trajectory) walk(point, `trajectory.${monthsSinceEnrolment}`);
  walk(report.referrals.figures, 'referrals.figures');
  for (const { municipalityId, service, ...row } of report.referrals.byMunicipalityAndService) walk(row, `referrals.${municipalityId}.${service}`);
  return found;
}

/** The value at a `report.suppressed` path, read from the report as it is sent: its JSON. */
function valueInJson(report: OutcomeReport, path: string): unknown {
  const json = JSON.parse(JSON.stringify(report)) as {
    figures: Record<string, unknown>;
    breakdown: Array<Record<string, unknown>>;
    trajectory: Array<Record<string, unknown>>;
    referrals: { figures: Record<string, unknown>; byMunicipalityAndService: Array<Record<string, unknown>> };
  };
  const [head, id, ...rest] = path.split('.');
  const [start, keys]: [unknown, string[]] =
    head === 'referrals'
      ? id === 'figures'
        ? [json.referrals.figures, rest]
        : [json.referrals.byMunicipalityAndService.find((r) => r.municipalityId === id && r.service === rest[0]), rest.slice(1)]
      : head === 'breakdown'
      ? [json.breakdown.find((r) => r.municipalityId === id), rest]
      : head === 'trajectory'
        ? [json.trajectory.find((p) => String(p.monthsSinceEnrolment) === id), rest]
        : [json.figures, path.split('.')];
  return keys.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], start);
}

describe('Suppressor (k = 5)', () => {
  it.each([
    [4, S],
    [1, S],
    [5, 5],
    [0, 0],
    [12, 12],
  ])('shows a count of %i as %p', (value, expected) => {
    expect(new Suppressor(unperturbed(5)).count('x', value, 0)).toBe(expected);
  });

  it.each([
    [5, 10, 0.5],
    [0, 10, 0],
    [6, 9, 0.667],
    [4, 10, S], // numerator in 1..k−1
    [1, 40, S],
    [0, 4, S], // denominator in 1..k−1
    [3, 3, S],
    [0, 0, S], // no population: nothing to show
  ])('shows a share of %i / %i as %p', (numerator, denominator, expected) => {
    expect(new Suppressor(unperturbed(5)).share('x', [numerator, 0], [denominator, 0])).toBe(expected);
  });

  it('hides a forced figure whatever its value, and names every hidden path', () => {
    const s = new Suppressor(unperturbed(5));
    expect(s.count('a', 50, 0, true)).toBe(S);
    expect(s.share('b', [10, 0], [20, 0], true)).toBe(S);
    expect(s.count('c', 4, 0)).toBe(S);
    expect(s.count('d', 5, 0)).toBe(5);
    expect(s.suppressed).toEqual(['a', 'b', 'c']);
  });

  it.each([[2], [0], [-5], [3.5], [Number.NaN]])('refuses k = %p', (k) => {
    expect(() => new Suppressor(unperturbed(k))).toThrow(/at least 3/);
  });

  it('accepts k = 3 as its smallest value, and outcomeReport refuses k = 2', () => {
    expect(MIN_K).toBe(3);
    expect(new Suppressor(unperturbed(3)).rules.k).toBe(3);
    expect(() => outcomeReport([], {}, unperturbed(2))).toThrow(/at least 3/);
  });

  describe('complementary suppression in a group that sums to a shown total (values as shown)', () => {
    it.each([
      ['one small member: the next smallest non-zero member with it', { a: 2, b: 7, c: 9, d: 0 }, ['a', 'b']],
      ['two small members: nothing more', { a: 2, b: 3, c: 9 }, ['a', 'b']],
      ['no small member: nothing', { a: 0, b: 5, c: 9 }, []],
      ['one small member and only zeros besides: nothing more to hide', { a: 4, b: 0 }, ['a']],
    ])('%s', (_label, values, expected) => {
      const shown = Object.fromEntries(Object.entries(values).map(([key, n]) => [key, n > 0 && n < 5 ? S : n]));
      expect([...new Suppressor(unperturbed(5)).complementary(shown)].sort()).toEqual(expected);
    });
  });
});

describe('figuresOf (k = 5)', () => {
  it('suppresses every figure derived from a suppressed population, however large its parts', () => {
    const s = new Suppressor(unperturbed(5));
    const small = population({ children: 4, lostToFollowUp: 0, checkpointsInTime: 20, checkpointsDue: 25, resolutionDays: { '3': 6 } });
    // Children closed as deceased or moved abroad are a population of their own, not derived from this one.
    expect(figuresOf(tally(small), s, 'p.')).toEqual({ ...allSuppressed, exited: 0 });
    expect(s.suppressed).toContain('p.children');
    expect(s.suppressed).toContain('p.domains.health.levels.critical');
    expect(s.suppressed).toContain('p.medianDaysToResolve');
  });

  it('suppresses every figure of a population hidden from outside (hideAll), even a large one', () => {
    const large = population({ children: 40, regressed: 10, lostToFollowUp: 8, checkpointsInTime: 30, checkpointsDue: 40, resolutionDays: { '2': 9 } });
    expect(figuresOf(tally(large), new Suppressor(unperturbed(5)), '', true)).toEqual(allSuppressed);
  });

  it('suppresses the median days to resolve when fewer than k flags were resolved', () => {
    const figures = figuresOf(tally(population({ children: 20, resolutionDays: { '2': 2, '30': 2 } })), new Suppressor(unperturbed(5)), '');
    expect(figures.medianDaysToResolve).toBe(S);
    expect(figuresOf(tally(population({ children: 20, resolutionDays: { '2': 3, '30': 2 } })), new Suppressor(unperturbed(5)), '').medianDaysToResolve).toBe(2);
  });

  const education = (levels: Partial<Record<ReportedLevel, number>>) => {
    const children = Object.values(levels).reduce((sum, x) => sum + x, 0);
    return figuresOf(tally(population({ children, levels: { education: levels } })), new Suppressor(unperturbed(5)), '').domains.education;
  };

  it('with exactly one small level, also hides the next smallest non-zero level, and keeps the share when neither is stable or thriving', () => {
    // critical 2 is small; at_risk 6 is the next smallest; (10 + 12) / 30
    expect(education({ critical: 2, at_risk: 6, stable: 10, thriving: 12, not_applicable: 0, not_recently_assessed: 0 })).toEqual({
      levels: { critical: S, at_risk: S, stable: 10, thriving: 12, not_applicable: 0, not_recently_assessed: 0 },
      reintegratedShare: 0.733,
    });
  });

  it('never picks a zero level as the complement', () => {
    expect(education({ critical: 0, at_risk: 2, stable: 8, thriving: 20, not_applicable: 0, not_recently_assessed: 0 }).levels).toEqual({
      critical: 0,
      at_risk: S,
      stable: S,
      thriving: 20,
      not_applicable: 0,
      not_recently_assessed: 0,
    });
  });

  it.each([
    ['stable is the complement', { critical: 2, at_risk: 9, stable: 7, thriving: 12, not_applicable: 0, not_recently_assessed: 0 }, { critical: S, at_risk: 9, stable: S, thriving: 12, not_applicable: 0, not_recently_assessed: 0 }],
    ['thriving is the small one', { critical: 6, at_risk: 9, stable: 10, thriving: 3, not_applicable: 0, not_recently_assessed: 0 }, { critical: S, at_risk: 9, stable: 10, thriving: S, not_applicable: 0, not_recently_assessed: 0 }],
  ])('suppresses the domain share when stable or thriving is hidden (%s)', (_label, levels, expected) => {
    expect(education(levels)).toEqual({ levels: expected, reintegratedShare: S });
  });

  it('with two small levels, hides only those two', () => {
    // (10 + 15) / 30
    expect(education({ critical: 2, at_risk: 3, stable: 10, thriving: 15, not_applicable: 0, not_recently_assessed: 0 })).toEqual({
      levels: { critical: S, at_risk: S, stable: 10, thriving: 15, not_applicable: 0, not_recently_assessed: 0 },
      reintegratedShare: 0.833,
    });
  });
});

describe('outcomeReport suppression (k = 5)', () => {
  const everyFigureOf = (report: OutcomeReport, m: string) => {
    const { municipalityId: _m, ...figures } = rowOf(report, m);
    return figures;
  };

  it('hides a small row of the breakdown whole, and the next smallest row with it, while the total is shown', () => {
    const report = outcomeReport(
      [cell('a', { children: 3 }), cell('b', { children: 8, lostToFollowUp: 6, resolutionDays: { '1': 5 } }), cell('c', { children: 12 })],
      {},
      unperturbed(5),
    );
    expect(report.figures.children).toBe(23);
    expect(everyFigureOf(report, 'a')).toEqual({ ...allSuppressed, medianDaysToResolve: null });
    expect(everyFigureOf(report, 'b')).toEqual(allSuppressed);
    expect(rowOf(report, 'c').children).toBe(12);
    expect(rowOf(report, 'c').domains.education.levels.stable).toBe(12);
  });

  it('needs nothing more when two rows are small', () => {
    const report = outcomeReport(
      [cell('a', { children: 3 }), cell('b', { children: 4 }), cell('c', { children: 12 }), cell('d', { children: 15 })],
      {},
      unperturbed(5),
    );
    expect(report.breakdown.map((r) => [r.municipalityId, r.children])).toEqual([
      ['a', S],
      ['b', S],
      ['c', 12],
      ['d', 15],
    ]);
  });

  it('hides the next smallest row of a column when exactly one row of it is small (lost to follow-up)', () => {
    const report = outcomeReport(
      [cell('a', { children: 10, lostToFollowUp: 2 }), cell('b', { children: 12, lostToFollowUp: 6 }), cell('c', { children: 20, lostToFollowUp: 9 })],
      {},
      unperturbed(5),
    );
    expect(report.figures.lostToFollowUp).toBe(17);
    expect(report.breakdown.map((r) => [r.municipalityId, r.children, r.lostToFollowUp])).toEqual([
      ['a', 10, S],
      ['b', 12, S],
      ['c', 20, 9],
    ]);
  });

  it('hides the next smallest row of a level column, and then that row needs its own complement and loses its share', () => {
    const report = outcomeReport(
      [
        cell('a', { children: 10, levels: { education: { critical: 2, stable: 8 } } }),
        cell('b', { children: 12, levels: { education: { critical: 6, stable: 6 } } }),
        cell('c', { children: 20, levels: { education: { critical: 9, stable: 11 } } }),
      ],
      {},
      unperturbed(5),
    );
    const hidden = { levels: { critical: S, at_risk: 0, stable: S, thriving: 0, not_applicable: 0, not_recently_assessed: 0 }, reintegratedShare: S };
    expect(rowOf(report, 'a').domains.education).toEqual(hidden);
    expect(rowOf(report, 'b').domains.education).toEqual(hidden);
    expect(rowOf(report, 'c').domains.education).toEqual({ levels: { critical: 9, at_risk: 0, stable: 11, thriving: 0, not_applicable: 0, not_recently_assessed: 0 }, reintegratedShare: 0.55 });
    // the total: 17 critical, 25 stable of 42
    expect(report.figures.domains.education).toEqual({ levels: { critical: 17, at_risk: 0, stable: 25, thriving: 0, not_applicable: 0, not_recently_assessed: 0 }, reintegratedShare: 0.595 });
  });

  it('suppresses the share of a row whose stable count is hidden as a column complement', () => {
    const report = outcomeReport(
      [
        cell('a', { children: 10, levels: { education: { stable: 2, thriving: 8 } } }),
        cell('b', { children: 12, levels: { education: { stable: 6, thriving: 6 } } }),
        cell('c', { children: 20, levels: { education: { stable: 9, thriving: 11 } } }),
      ],
      {},
      unperturbed(5),
    );
    expect(rowOf(report, 'b').domains.education.levels.stable).toBe(S);
    expect(rowOf(report, 'b').domains.education.reintegratedShare).toBe(S);
    expect(rowOf(report, 'c').domains.education).toEqual({ levels: { critical: 0, at_risk: 0, stable: 9, thriving: 11, not_applicable: 0, not_recently_assessed: 0 }, reintegratedShare: 1 });
  });

  describe('names every hidden figure in `suppressed`, and sends none of them', () => {
    const scenarios: Array<[string, () => OutcomeReport]> = [
      ['the hand-computed fixture at k = 3', () => outcomeReport(cellsOf(CHILDREN), {}, unperturbed(3))],
      ['the hand-computed fixture at k = 5', () => outcomeReport(cellsOf(CHILDREN), {}, unperturbed(5))],
      [
        'a breakdown with a small row and small columns',
        () =>
          outcomeReport(
            [
              cell('a', { children: 3, lostToFollowUp: 1 }),
              cell('b', { children: 8, lostToFollowUp: 2, regressed: 6, levels: { health: { at_risk: 2, thriving: 6 } } }),
              cell('c', { children: 12, lostToFollowUp: 7, regressed: 7, resolutionDays: { '4': 2, '9': 3 } }),
              cell('d', { children: 30, lostToFollowUp: 9, levels: { health: { critical: 4, stable: 26 } } }),
            ],
            {},
            unperturbed(5),
          ),
      ],
    ];

    it.each(scenarios)('%s', (_label, build) => {
      const report = build();
      expect(report.suppressed.length).toBeGreaterThan(0);
      expect(new Set(report.suppressed).size).toBe(report.suppressed.length);
      expect([...pathsHoldingSuppressed(report)].sort()).toEqual([...report.suppressed].sort());
      for (const path of report.suppressed) expect([path, valueInJson(report, path)]).toEqual([path, S]);
    });
  });

  it('shows a small population as suppressed, not as a number, anywhere in its JSON', () => {
    const report = outcomeReport([cell('a', { children: 4, lostToFollowUp: 3, regressed: 2, checkpointsInTime: 7, checkpointsDue: 9 })], {}, unperturbed(5));
    const figures: Figure[] = [report.figures.children, report.figures.lostToFollowUp, report.figures.regressionRate, report.figures.visitCompliance];
    expect(figures).toEqual([S, S, S, S]);
    const { k: _k, ...sent } = report;
    expect(JSON.stringify(sent)).not.toMatch(/:\s*[1-9]/);
  });
});

describe('complementary suppression leaves no hidden count derivable from what is shown (k = 5)', () => {
  const cell = (municipalityId: string, fill: (c: ReturnType<typeof emptyContribution>) => void) => {
    const contribution = emptyContribution();
    fill(contribution);
    return { cohort: '2026-Q1', municipalityId, riskLevel: 'medium' as const, ...SUBJECT, ...tally(contribution) };
  };
  const everyoneAt = (c: ReturnType<typeof emptyContribution>, n: number) => {
    c.children = n;
    for (const d of DOMAINS) c.levels[d].stable = n;
  };

  it('a share hidden in one row hides the next smallest row’s share: total × share would give the numerator away', () => {
    // a: 2 of 10 regressed (hidden); b: 10 of 20. Shown: 0.4 of 30 overall, so b’s 0.5 × 20 would give a’s 2.
    const report = outcomeReport(
      [
        cell('a', (c) => { everyoneAt(c, 10); c.regressed = 2; }),
        cell('b', (c) => { everyoneAt(c, 20); c.regressed = 10; }),
      ],
      {},
      unperturbed(5),
    );
    expect(report.figures.regressionRate).toBe(0.4);
    expect(report.breakdown.map((r) => [r.municipalityId, r.regressionRate])).toEqual([
      ['a', 'suppressed'],
      ['b', 'suppressed'],
    ]);
  });

  it('when every other row holds zero, a zero is hidden as the complement (a shown zero gives the count away too)', () => {
    // a: health at_risk 3 (hidden), stable 7; b: health at_risk 10, stable 0. Total at_risk 13, stable 7.
    const report = outcomeReport(
      [
        cell('a', (c) => { everyoneAt(c, 10); c.levels.health.stable = 7; c.levels.health.at_risk = 3; }),
        cell('b', (c) => { everyoneAt(c, 10); c.levels.health.stable = 0; c.levels.health.at_risk = 10; }),
      ],
      {},
      unperturbed(5),
    );
    const health = (m: string) => report.breakdown.find((r) => r.municipalityId === m)!.domains.health.levels;
    expect(health('a').at_risk).toBe('suppressed');
    // b’s stable (0) must not stand shown beside the total’s 7, and b’s at_risk must not follow from its 10 children.
    expect(health('b').stable).toBe('suppressed');
    expect(health('b').at_risk).toBe('suppressed');
  });
});

describe('closure outcomes (DESIGN.md v2)', () => {
  it('closure outcomes are released like every count: a breakdown row’s small one is suppressed, and its column complement with it', () => {
    const closed = (outcomes: Partial<Record<'reintegrated' | 'unknown', number>>, children: number) => {
      const c = population({ children });
      c.closureOutcomes.reintegrated = outcomes.reintegrated ?? 0;
      c.closureOutcomes.unknown = outcomes.unknown ?? 0;
      return c;
    };
    const at = (municipalityId: string, c: Contribution): Cell => ({ cohort: '2025-Q1', municipalityId, riskLevel: 'low', ...SUBJECT, ...tally(c) });
    const report = outcomeReport([at('skopje', closed({ reintegrated: 12 }, 30)), at('bitola', closed({ reintegrated: 2 }, 30)), at('ohrid', closed({ reintegrated: 9 }, 30))], {}, unperturbed(5));
    expect(report.figures.closureOutcomes.reintegrated).toBe(23);
    const row = (m: string) => report.breakdown.find((r) => r.municipalityId === m)!.closureOutcomes.reintegrated;
    expect([row('bitola'), row('ohrid'), row('skopje')]).toEqual([S, S, 12]);
  });
});

describe('complementary suppression picks the next smallest count of a column, not the next row (issue 20)', () => {
  it('the complement is the smallest other non-zero count, whatever the order of the municipalities', () => {
    const report = outcomeReport(
      [
        cell('a', { children: 10, lostToFollowUp: 2 }),
        cell('b', { children: 12, lostToFollowUp: 9 }),
        cell('c', { children: 20, lostToFollowUp: 6 }),
        cell('d', { children: 8, lostToFollowUp: 0 }),
      ],
      {},
      unperturbed(5),
    );
    expect(report.figures.lostToFollowUp).toBe(17);
    expect(report.breakdown.map((r) => [r.municipalityId, r.lostToFollowUp])).toEqual([
      ['a', S],
      ['b', 9],
      ['c', S],
      ['d', 0],
    ]);
  });

  it('a column whose total is hidden needs no complement: its shown parts give nothing away', () => {
    const report = outcomeReport(
      [cell('a', { children: 10, lostToFollowUp: 3 }), cell('b', { children: 12 }), cell('c', { children: 20 })],
      {},
      unperturbed(5),
    );
    expect(report.figures.lostToFollowUp).toBe(S);
    expect(report.breakdown.map((r) => [r.municipalityId, r.lostToFollowUp])).toEqual([
      ['a', S],
      ['b', 0],
      ['c', 0],
    ]);
  });
});

describe('the trajectory ends with the last month whose number of children followed is shown (issue 20)', () => {
  const followed = (observedByMonth: number[]): Cell => {
    const contribution = population({ children: observedByMonth[0]! });
    contribution.trajectory = Object.fromEntries(
      observedByMonth.map((observed, month) => [
        String(month),
        {
          observed,
          applicable: { education: observed, housing: observed, health: observed, vocational_training: observed },
          reintegrated: { education: observed, housing: 0, health: 0, vocational_training: 0 },
        },
      ]),
    );
    return { cohort: '2025-Q1', municipalityId: 'skopje', riskLevel: 'low', ...SUBJECT, ...tally(contribution) };
  };

  it('a last month shown as 0 is left out too: it would only say when the longest-followed child stopped', () => {
    const report = outcomeReport([followed([10, 9, 0])], {}, unperturbed(5));
    expect(report.trajectory.map((p) => p.monthsSinceEnrolment)).toEqual([0, 1]);
  });

  it('a child whose record key is 0 is followed like any other', () => {
    const contribution = followed([10, 9]).contribution;
    const report = outcomeReport([{ cohort: '2025-Q1', municipalityId: 'skopje', riskLevel: 'low', ...SUBJECT, ...tallyOf(contribution, 0) }], {}, { k: 5, table: PERTURBATION_TABLES[2] });
    expect(report.trajectory.map((p) => p.monthsSinceEnrolment)).toEqual([0, 1]);
  });

  it('months after it are left out, and so are their names among the suppressed figures', () => {
    const report = outcomeReport([followed([10, 9, 2, 1]), cell('bitola', { children: 10, lostToFollowUp: 2 })], {}, unperturbed(5));
    expect(report.suppressed).toContain('lostToFollowUp');
    expect(report.trajectory.map((p) => [p.monthsSinceEnrolment, p.observed, p.reintegratedShare.education])).toEqual([
      [0, 10, 1],
      [1, 9, 1],
    ]);
    expect(report.suppressed.filter((path) => path.startsWith('trajectory.'))).toEqual([]);
  });

  it('a hidden month before a shown one stays, hidden, and is named', () => {
    const report = outcomeReport([followed([10, 2, 9])], {}, unperturbed(5));
    expect(report.trajectory.map((p) => [p.monthsSinceEnrolment, p.observed])).toEqual([
      [0, 10],
      [1, S],
      [2, 9],
    ]);
    expect(report.suppressed).toEqual(expect.arrayContaining(['trajectory.1.observed', 'trajectory.1.reintegratedShare.education']));
  });
});

describe('the breakdown by municipality (issue 20)', () => {
  const cells = () => [cell('skopje', { children: 10 }), cell('bitola', { children: 12 })];

  it('has a row for every known municipality the filter allows, children or not, in name order', () => {
    const report = outcomeReport(cells(), {}, unperturbed(5), ['struga', 'skopje', 'bitola']);
    expect(report.breakdown.map((r) => [r.municipalityId, r.children])).toEqual([
      ['bitola', 12],
      ['skopje', 10],
      ['struga', 0],
    ]);
  });

  it('with a municipality filter, only that municipality’s row', () => {
    const report = outcomeReport(cells(), { municipalityId: 'skopje' }, unperturbed(5), ['struga', 'skopje', 'bitola']);
    expect(report.breakdown.map((r) => r.municipalityId)).toEqual(['skopje']);
  });

  it('an answer by sex or age band has no breakdown', () => {
    expect(outcomeReport(cells(), { sex: 'female' }, unperturbed(5), ['skopje', 'bitola']).breakdown).toEqual([]);
  });
});
