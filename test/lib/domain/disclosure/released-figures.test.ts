import { CLOSURE_OUTCOMES } from '../../../../lib/domain/case';
import { SUPPRESSED, type DisclosureRules } from '../../../../lib/domain/disclosure/cell-key';
import { PERTURBATION_TABLES } from '../../../../lib/domain/disclosure/perturbation-table';
import { Suppressor, figuresOf, outcomeReport, type OutcomeReport } from '../../../../lib/domain/disclosure/released-figures';
import { DOMAINS } from '../../../../lib/domain/domains';
import { emptyContribution, tallyOf, type CellKey, type Contribution, type Tally } from '../../../../lib/domain/outcomes';

/**
 * The suppression rules of the evaluators' figures (DESIGN.md v2, "Disclosure control that survives comparison"),
 * on contributions written directly as counts. k = 5 throughout; D = 0 (no noise) unless a test is about the noise.
 */
const S = SUPPRESSED;
const unperturbed: DisclosureRules = { k: 5, table: PERTURBATION_TABLES[0] };
/** D = 1: a cell key of 0–63 draws −1, 64–191 draws 0, 192–255 draws +1 (for any count of 1 or more). */
const noisy: DisclosureRules = { k: 5, table: PERTURBATION_TABLES[1] };
const MINUS_ONE = 10;
const PLUS_ONE = 200;

/** A municipality of 20 children, stable and reintegrated in every domain, every plan current, 20 checkpoints due. */
function twenty(set: (c: Contribution) => void = () => {}): Contribution {
  const c = emptyContribution();
  c.children = 20;
  for (const d of DOMAINS) {
    c.levels[d].stable = 20;
    c.applicable[d] = 20;
    c.reintegrated[d] = 20;
  }
  c.currentPlan = 20;
  c.checkpointsDue = 20;
  set(c);
  return c;
}

const cell = (municipalityId: string, contribution: Contribution, recordKey = 1): CellKey & Tally => ({
  cohort: '2026-Q1',
  municipalityId,
  riskLevel: 'low',
  sex: 'female',
  ageBand: '15-17',
  ...tallyOf(contribution, recordKey),
});

/** A figure of a breakdown row, by its path (`domains.health.levels.stable`). */
const figureOf = (report: OutcomeReport, municipalityId: string, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], report.breakdown.find((r) => r.municipalityId === municipalityId));

describe('every column that adds up across the breakdown takes the smallest other non-zero row as its complement (k = 5)', () => {
  // Municipality a's count of the column is small (2) and hidden; b has 9, c has 6: c is hidden with it, not b,
  // although b comes first. The total (17) is shown.
  const columns: Array<[string, (c: Contribution, n: number) => void]> = [
    ['lostToFollowUp', (c, n) => (c.lostToFollowUp = n)],
    ['exited', (c, n) => (c.exited = n)],
    ...CLOSURE_OUTCOMES.map((o): [string, (c: Contribution, n: number) => void] => [`closureOutcomes.${o}`, (c, n) => (c.closureOutcomes[o] = n)]),
    ['regressionRate', (c, n) => (c.regressed = n)],
    ['reintegratedAllShare', (c, n) => (c.reintegratedAll = n)],
    ['sustainedShare', (c, n) => (c.sustained = n)],
    ['currentPlanShare', (c, n) => (c.currentPlan = n)],
    ['planWithChildShare', (c, n) => (c.planWithChild = n)],
    ['visitCompliance', (c, n) => (c.checkpointsInTime = n)],
    // Stable in housing but lost to follow-up: not counted as reintegrated there.
    ...DOMAINS.map((d): [string, (c: Contribution, n: number) => void] => [
      `domains.${d}.reintegratedShare`,
      (c, n) => {
        c.reintegrated[d] = n;
        c.lostToFollowUp = 20 - n;
      },
    ]),
  ];

  it.each(columns)('%s', (column, set) => {
    const report = outcomeReport(
      [cell('a', twenty((c) => set(c, 2))), cell('b', twenty((c) => set(c, 9))), cell('c', twenty((c) => set(c, 6)))],
      {},
      unperturbed,
    );
    expect(['a', 'b', 'c'].map((m) => figureOf(report, m, column))).toEqual([S, expect.any(Number), S]);
  });
});

describe('complementary suppression of level counts, down a column and across a row (k = 5)', () => {
  // Education: a has critical 2 and at_risk 3 (both hidden, so its row needs nothing more); the critical column's
  // complement is c (6, not b's 9), the at_risk column's is c too (7: b's 0 is no complement while a non-zero is left).
  const levelsOf = (critical: number, atRisk: number, other: 'stable' | 'thriving' | 'not_applicable', otherN: number, stable: number) =>
    twenty((c) => {
      c.levels.education = { critical, at_risk: atRisk, stable, thriving: 0, not_applicable: 0, not_recently_assessed: 0 };
      c.levels.education[other] += otherN;
      c.applicable.education = 20 - c.levels.education.not_applicable;
      c.reintegrated.education = c.levels.education.stable + c.levels.education.thriving;
    });
  const education = (report: OutcomeReport, m: string) => report.breakdown.find((r) => r.municipalityId === m)!.domains.education;

  it('the complement is the municipality with the smallest non-zero count of that level, not the first by name', () => {
    const report = outcomeReport(
      [cell('a', levelsOf(2, 3, 'stable', 0, 15)), cell('b', levelsOf(9, 0, 'stable', 0, 11)), cell('c', levelsOf(6, 7, 'stable', 0, 7))],
      {},
      unperturbed,
    );
    expect(report.figures.domains.education.levels).toMatchObject({ critical: 17, at_risk: 10, stable: 33 });
    expect(education(report, 'a').levels).toMatchObject({ critical: S, at_risk: S, stable: 15 });
    expect(education(report, 'b').levels).toMatchObject({ critical: 9, at_risk: 0, stable: 11 });
    expect(education(report, 'c').levels).toMatchObject({ critical: S, at_risk: S, stable: 7 });
  });

  it('a critical or at-risk count hidden as a complement leaves the domain share shown: it cannot be worked back from it', () => {
    const report = outcomeReport(
      [cell('a', levelsOf(2, 3, 'stable', 0, 15)), cell('b', levelsOf(9, 0, 'stable', 0, 11)), cell('c', levelsOf(6, 7, 'stable', 0, 7))],
      {},
      unperturbed,
    );
    expect(education(report, 'a').reintegratedShare).toBe(0.75);
    expect(education(report, 'c').reintegratedShare).toBe(0.35);
  });

  it.each(['thriving', 'not_applicable'] as const)('a %s count hidden as a column complement hides the domain share with it', (level) => {
    // a: critical 2 and `level` 3 hidden; b: `level` 9; c: `level` 6 and critical 7, the complements of both columns.
    const report = outcomeReport(
      [cell('a', levelsOf(2, 0, level, 3, 15)), cell('b', levelsOf(0, 0, level, 9, 11)), cell('c', levelsOf(7, 0, level, 6, 7))],
      {},
      unperturbed,
    );
    expect(education(report, 'b').levels[level]).toBe(9);
    expect(education(report, 'c').levels).toMatchObject({ critical: S, [level]: S, stable: 7 });
    expect(education(report, 'c').reintegratedShare).toBe(S);
    expect(report.suppressed).toContain('breakdown.c.domains.education.reintegratedShare');
  });

  it('a stable count hidden as a column complement hides the domain share with it, and names it', () => {
    // a: stable 2 and at_risk 3 hidden; b: stable 9; c: stable 6 and at_risk 7, the complements of both columns.
    const report = outcomeReport(
      [cell('a', levelsOf(15, 3, 'stable', 0, 2)), cell('b', levelsOf(11, 0, 'stable', 0, 9)), cell('c', levelsOf(7, 7, 'stable', 0, 6))],
      {},
      unperturbed,
    );
    expect(education(report, 'b')).toMatchObject({ levels: { stable: 9 }, reintegratedShare: 0.45 });
    expect(education(report, 'c').levels).toMatchObject({ critical: 7, at_risk: S, stable: S });
    expect(education(report, 'c').reintegratedShare).toBe(S);
    expect(report.suppressed).toContain('breakdown.c.domains.education.reintegratedShare');
  });
});

describe('figures made from perturbed counts (k = 5, D = 1)', () => {
  /** 20 children; resolved flags by days, each bin with its own key sum; every other count drawn no noise. */
  const resolving = (days: Record<string, [count: number, keySum: number]>): Tally => {
    const contribution = twenty((c) => (c.resolutionDays = Object.fromEntries(Object.entries(days).map(([d, [n]]) => [d, n]))));
    // Record key 5: a count of 20 has the key sum 100, which draws no noise.
    const tally = tallyOf(contribution, 5);
    tally.keys.resolutionDays = Object.fromEntries(Object.entries(days).map(([d, [, key]]) => [d, key]));
    return tally;
  };

  it('the median days to resolve is hidden when the resolved flags behind it, perturbed by the sum of their keys, show below k', () => {
    // Five resolved flags; their keys sum to 10, which draws −1: four are shown, so the median is hidden.
    const figures = figuresOf(resolving({ '3': [3, 5], '10': [2, 5] }), new Suppressor(noisy), '');
    expect(figures.children).toBe(20);
    expect(figures.medianDaysToResolve).toBe(S);
  });

  it('the median days to resolve comes from the histogram with each bin perturbed by its own cell key', () => {
    // True: 3, 3, 3, 10, 10 (median 3). Perturbed: the 3-day bin draws −1 (2), the 10-day bin +1 (3): median 10.
    // The five flags together (key sum 210) draw no noise, so the median is shown.
    const figures = figuresOf(resolving({ '3': [3, MINUS_ONE], '10': [2, PLUS_ONE] }), new Suppressor(noisy), '');
    expect(figures.medianDaysToResolve).toBe(10);
  });

  it('a share is never above 1, even when the noise lifts the numerator over the denominator', () => {
    expect(new Suppressor(noisy).share('x', [20, PLUS_ONE], [20, MINUS_ONE])).toBe(1);
  });

  it('a share is worked out from the two shown counts, to three decimals', () => {
    // 20 + 1 over 20 − 1 … as shown: 19 over 21.
    expect(new Suppressor(noisy).share('x', [20, MINUS_ONE], [20, PLUS_ONE])).toBe(0.905);
  });

  it('a share over a denominator shown as 0 is hidden, not divided by zero', () => {
    // One child in the denominator, drawing −1: shown as 0.
    expect(new Suppressor(noisy).share('x', [0, 0], [1, MINUS_ONE])).toBe(S);
  });
});
