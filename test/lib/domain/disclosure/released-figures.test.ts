import { CLOSURE_OUTCOMES } from '../../../../lib/domain/case';
import { SUPPRESSED, type DisclosureRules } from '../../../../lib/domain/disclosure/cell-key';
import { PERTURBATION_TABLES } from '../../../../lib/domain/disclosure/perturbation-table';
import { figuresOf } from '../../../../lib/domain/disclosure/outcome-figures';
import { outcomeReport, type OutcomeReport } from '../../../../lib/domain/disclosure/released-figures';
import { Suppressor } from '../../../../lib/domain/disclosure/suppressor';
import { DOMAINS } from '../../../../lib/domain/domains';
import type { CellKey } from '../../../../lib/domain/outcome-query';
import { emptyContribution, tallyOf, type Contribution, type Tally } from '../../../../lib/domain/outcomes';

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

  it.each(DOMAINS)('in %s, the share hidden with a level complement is that domain’s own, even when the share column’s own complement is another row', (domain) => {
    // a: critical 3 and thriving 2 hidden, and its share. The thriving column's complement is c's 6; the share column's
    // would be b's (6 reintegrated, below c's 13). Were c's share shown, c's thriving would be 0.65 × 20 − 7 = 6. Every
    // other domain has its 20 children stable and reintegrated (share 1), and keeps it.
    const mix = (critical: number, atRisk: number, stable: number, thriving: number) =>
      twenty((c) => {
        c.levels[domain] = { critical, at_risk: atRisk, stable, thriving, not_applicable: 0, not_recently_assessed: 0 };
        c.reintegrated[domain] = stable + thriving;
      });
    const report = outcomeReport([cell('a', mix(3, 0, 15, 2)), cell('b', mix(9, 5, 6, 0)), cell('c', mix(7, 0, 7, 6))], {}, unperturbed);
    const row = (m: string) => report.breakdown.find((r) => r.municipalityId === m)!;
    expect(row('c').domains[domain]).toEqual({
      levels: { critical: S, at_risk: 0, stable: 7, thriving: S, not_applicable: 0, not_recently_assessed: 0 },
      reintegratedShare: S,
    });
    expect(row('b').domains[domain].reintegratedShare).toBe(0.3);
    expect(DOMAINS.filter((d) => d !== domain).map((d) => row('c').domains[d].reintegratedShare)).toEqual([1, 1, 1]);
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

describe('the median days to resolve: a number, null, or hidden', () => {
  /** Two flags resolved after 3 and 10 days, each bin drawing no noise (D = 2), their sum with the key given. */
  it('when the resolved flags together show as 0, there is no median (null), whatever the bins say', () => {
    // D = 2: one flag with key 100 draws 0; two with the key sum 260 (cell key 4) draw −2 and read 0.
    const contribution = twenty((c) => (c.resolutionDays = { '3': 1, '10': 1 }));
    const tally = tallyOf(contribution, 5);
    tally.keys.resolutionDays = { '3': 100, '10': 160 };
    expect(figuresOf(tally, new Suppressor({ k: 5, table: PERTURBATION_TABLES[2] }), '').medianDaysToResolve).toBeNull();
  });

  it('when every bin draws down to 0 while the flags together show, there is no median either: null, never left out', () => {
    // D = 1: five flags in five bins of one, each drawing −1 (key 10); together (key sum 100) they draw 0 and show 5.
    const contribution = twenty((c) => (c.resolutionDays = { '1': 1, '2': 1, '3': 1, '4': 1, '5': 1 }));
    const tally = tallyOf(contribution, 5);
    tally.keys.resolutionDays = { '1': 10, '2': 10, '3': 10, '4': 10, '5': 60 };
    const figures = figuresOf(tally, new Suppressor(noisy), '');
    expect(figures).toHaveProperty('medianDaysToResolve', null);
  });
});

describe('the median days to resolve is no sum across the breakdown (k = 5)', () => {
  it('a row whose median is hidden takes no other row’s median with it: no total minus shown medians gives it back', () => {
    // a: 3 resolved flags, below k: its median is hidden. b and c: 6 each. All 15 together: median 5 days.
    const resolving = (days: Record<string, number>) => twenty((c) => (c.resolutionDays = days));
    const report = outcomeReport([cell('a', resolving({ '3': 3 })), cell('b', resolving({ '5': 6 })), cell('c', resolving({ '10': 6 }))], {}, unperturbed);
    expect(report.figures.medianDaysToResolve).toBe(5);
    expect(report.breakdown.map((r) => [r.municipalityId, r.medianDaysToResolve])).toEqual([
      ['a', S],
      ['b', 5],
      ['c', 10],
    ]);
  });
});

describe('what else a level distribution hides (k = 5)', () => {
  it('a hidden not_applicable count hides the domain share even when its complement is a critical count', () => {
    // Children × share would give back the applicable children, and so the not_applicable ones.
    const c = twenty((c) => {
      c.levels.health = { critical: 7, at_risk: 0, stable: 10, thriving: 0, not_applicable: 3, not_recently_assessed: 0 };
      c.applicable.health = 17;
      c.reintegrated.health = 10;
    });
    const figures = figuresOf(tallyOf(c, 1), new Suppressor(unperturbed), '');
    expect(figures.domains.health).toEqual({
      levels: { critical: S, at_risk: 0, stable: 10, thriving: 0, not_applicable: S, not_recently_assessed: 0 },
      reintegratedShare: S,
    });
  });
});

describe('complementary suppression runs until no column and no row has exactly one hidden count (k = 5)', () => {
  const levels = (critical: number, atRisk: number, stable: number) =>
    twenty((c) => {
      c.levels.education = { critical, at_risk: atRisk, stable, thriving: 0, not_applicable: 0, not_recently_assessed: 0 };
      c.reintegrated.education = stable;
    });
  const LEVELS = ['critical', 'at_risk', 'stable', 'thriving', 'not_applicable', 'not_recently_assessed'] as const;

  it('a level hidden as a column complement gets its own complement in its row, and that one in its column, and so on', () => {
    // a: critical 2 and at_risk 3 hidden. The critical column's complement is c's 6, the at_risk column's b's 5. Left
    // there, c's critical would be its 20 children minus its shown 7 and 7, and b's at_risk 20 − 9 − 6: b's row hides
    // its stable with it, c's its at_risk; the stable column then has b's alone hidden and takes c's 7 with it.
    const report = outcomeReport([cell('a', levels(2, 3, 15)), cell('b', levels(9, 5, 6)), cell('c', levels(6, 7, 7))], {}, unperturbed);
    const education = (m: string) => report.breakdown.find((r) => r.municipalityId === m)!.domains.education.levels;
    expect(report.figures.domains.education.levels).toMatchObject({ critical: 17, at_risk: 15, stable: 28 });
    expect(education('a')).toMatchObject({ critical: S, at_risk: S, stable: 15 });
    expect(education('b')).toMatchObject({ critical: 9, at_risk: S, stable: S });
    expect(education('c')).toMatchObject({ critical: S, at_risk: S, stable: S });
    for (const m of ['a', 'b', 'c']) expect(LEVELS.filter((l) => education(m)[l] === S)).not.toHaveLength(1);
    for (const l of LEVELS) {
      if (report.figures.domains.education.levels[l] === S) continue;
      expect(['a', 'b', 'c'].filter((m) => education(m)[l] === S)).not.toHaveLength(1);
    }
  });
});

describe('a row’s complement of a hidden level comes from that level’s domain (k = 5)', () => {
  it('a level hidden as a column complement takes its row’s complement from its own domain, not a smaller count of another domain', () => {
    // a: education critical 2 and stable 18 hidden; the critical column's complement is c's 6. In c's row that count
    // then needs a complement of its own: its education stable (14), not its health at_risk (6), which hides nothing
    // of education.
    const education = (critical: number, stable: number) => (c: Contribution) => {
      c.levels.education = { critical, at_risk: 0, stable, thriving: 0, not_applicable: 0, not_recently_assessed: 0 };
      c.reintegrated.education = stable;
    };
    const c = twenty((c) => {
      education(6, 14)(c);
      c.levels.health = { critical: 0, at_risk: 6, stable: 14, thriving: 0, not_applicable: 0, not_recently_assessed: 0 };
      c.reintegrated.health = 14;
    });
    const report = outcomeReport([cell('a', twenty(education(2, 18))), cell('b', twenty(education(9, 11))), cell('c', c)], {}, unperturbed);
    const row = report.breakdown.find((r) => r.municipalityId === 'c')!;
    expect(row.domains.education).toEqual({
      levels: { critical: S, at_risk: 0, stable: S, thriving: 0, not_applicable: 0, not_recently_assessed: 0 },
      reintegratedShare: S,
    });
    expect(row.domains.health).toEqual({
      levels: { critical: 0, at_risk: 6, stable: 14, thriving: 0, not_applicable: 0, not_recently_assessed: 0 },
      reintegratedShare: 0.7,
    });
  });
});

describe('rows of the breakdown', () => {
  it('with a municipality asked that has no children in the answer, its row is there all the same, every count 0', () => {
    const report = outcomeReport([cell('skopje', twenty())], { municipalityId: 'bitola' }, unperturbed, ['bitola', 'skopje']);
    expect(report.breakdown.map((r) => [r.municipalityId, r.children])).toEqual([['bitola', 0]]);
  });

  it('the complement of a hidden row is the smallest other by its true count, even one the noise shows as 0 (D = 1)', () => {
    // a: 3 children (hidden); b: none; c: 1 child, drawing −1 and shown as 0. The total, 4 children with the key sum
    // 202, draws +1 and shows 5: a shown 0 beside it would give a away, so c (a child, though shown 0) is hidden with it.
    const report = outcomeReport(
      [cell('a', twenty((c) => (c.children = 3)), 64), cell('c', twenty((c) => (c.children = 1)), 10)],
      {},
      noisy,
      ['a', 'b', 'c'],
    );
    expect(report.figures.children).toBe(5);
    expect(report.breakdown.map((r) => [r.municipalityId, r.children])).toEqual([
      ['a', S],
      ['b', 0],
      ['c', S],
    ]);
  });
});

describe('the trajectory, perturbed (k = 5, D = 1)', () => {
  /** One municipality followed for three months: 20, then `observed` children in month 1, then 20 again or nothing. */
  const followed = (month1: { observed: number; key: number }, month2: boolean): CellKey & Tally => {
    const byMonth = (observed: number) => ({
      observed,
      applicable: Object.fromEntries(DOMAINS.map((d) => [d, observed])) as Record<(typeof DOMAINS)[number], number>,
      reintegrated: Object.fromEntries(DOMAINS.map((d) => [d, observed])) as Record<(typeof DOMAINS)[number], number>,
    });
    const contribution = twenty((c) => (c.trajectory = { '0': byMonth(20), '1': byMonth(month1.observed), ...(month2 ? { '2': byMonth(20) } : {}) }));
    const tally = tallyOf(contribution, 5);
    // Every count of month 1 draws no noise (key 100) but the children followed, which draw what the test says.
    tally.keys.trajectory['1'] = { ...byMonth(100), observed: month1.key };
    return { ...cell('skopje', contribution), ...tally };
  };

  it('a month whose children followed are hidden hides its shares, even where its parts would show', () => {
    // Month 1: 5 children followed, drawing −1 (4: hidden); the 5 the domains apply to draw nothing and would show.
    const report = outcomeReport([followed({ observed: 5, key: 10 }, true)], {}, noisy);
    const month1 = report.trajectory.find((p) => p.monthsSinceEnrolment === 1)!;
    expect(month1.observed).toBe(S);
    expect(Object.values(month1.reintegratedShare)).toEqual([S, S, S, S]);
  });

  it('a last month shown as 0 is left out: it would only say when the longest-followed child stopped', () => {
    // Month 1: one child followed, drawing −1: shown as 0.
    const report = outcomeReport([followed({ observed: 1, key: 10 }, false)], {}, noisy);
    expect(report.trajectory.map((p) => p.monthsSinceEnrolment)).toEqual([0]);
    expect(report.suppressed.filter((path) => path.startsWith('trajectory.'))).toEqual([]);
  });
});

describe('the referral figures of an answer (issue 16)', () => {
  const referred = (riskLevel: CellKey['riskLevel'], n: number, dueKey: number): CellKey & Tally => {
    const counts = { children: n, due: n, inTime: n, deliveryDays: { '10': n } };
    const keys = { children: 100, due: dueKey, inTime: 100, deliveryDays: { '10': 100 } };
    const contribution = twenty((c) => (c.referrals = { skopje: { housing: counts, '*': counts }, '*': { '*': counts } }));
    const tally = tallyOf(contribution, 5);
    tally.keys.referrals = { skopje: { housing: keys, '*': keys }, '*': { '*': keys } };
    return { ...cell('skopje', contribution), riskLevel, ...tally };
  };

  it('count the referrals of the children the filter chooses, each released with the key sum of its own referrals', () => {
    // Low risk: 6 referrals whose keys draw nothing (6); high risk: 9 more, left out by the filter.
    const report = outcomeReport([referred('low', 6, 100), referred('high', 9, 100)], { riskLevel: 'low' }, noisy, ['skopje']);
    expect(report.referrals.figures.referrals).toBe(6);
    // The same 6 with keys that draw −1 read 5.
    expect(outcomeReport([referred('low', 6, 10)], { riskLevel: 'low' }, noisy, ['skopje']).referrals.figures.referrals).toBe(5);
  });
});
