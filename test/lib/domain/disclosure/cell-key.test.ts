import { SUPPRESSED, cellKeyOf, perturbed, release, type DisclosureRules, type Figure } from '../../../../lib/domain/disclosure/cell-key';
import { CELL_KEY_MODULUS, MAX_NOISE_VALUES, PERTURBATION_TABLES, noiseOf, type NoiseRow, type PerturbationTable } from '../../../../lib/domain/disclosure/perturbation-table';
import { outcomeReport } from '../../../../lib/domain/disclosure/released-figures';
import type { CellKey } from '../../../../lib/domain/outcome-query';
import { addTally, emptyContribution, emptyTally, tallyOf, type Tally } from '../../../../lib/domain/outcomes';
import { seededRandom } from '../../../support/seeded-random';

const rules = (maxNoise: 1 | 2 | 3, k = 5): DisclosureRules => ({ k, table: PERTURBATION_TABLES[maxNoise] });
const KEYS = Array.from({ length: CELL_KEY_MODULUS }, (_, key) => key);
const moments = (row: NoiseRow) => {
  const entries = Object.entries(row).map(([noise, keys]) => [Number(noise), keys / CELL_KEY_MODULUS] as const);
  const mean = entries.reduce((sum, [noise, p]) => sum + noise * p, 0);
  return { mean, variance: entries.reduce((sum, [noise, p]) => sum + (noise - mean) ** 2 * p, 0) };
};

describe('the perturbation tables', () => {
  const rowsOf = (table: PerturbationTable) => [...table.nearZero.map((row, i) => [i + 1, row] as const), [table.maxNoise, table.general] as const];

  it.each(MAX_NOISE_VALUES.map((d) => [d]))('D = %i: every row hands out all 256 cell keys, no noise exceeds D, and none takes a count below zero', (d) => {
    const table = PERTURBATION_TABLES[d];
    expect(table.nearZero).toHaveLength(d - 1);
    for (const [count, row] of rowsOf(table)) {
      expect(Object.values(row).reduce((sum: number, keys) => sum + keys, 0)).toBe(CELL_KEY_MODULUS);
      for (const noise of Object.keys(row).map(Number)) {
        expect(Math.abs(noise)).toBeLessThanOrEqual(d);
        expect(count + noise).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it.each(MAX_NOISE_VALUES.map((d) => [d]))('D = %i: every row has mean zero, so the noise adds no bias', (d) => {
    for (const [, row] of rowsOf(PERTURBATION_TABLES[d])) expect(moments(row).mean).toBe(0);
  });

  it('every table has the variances docs/disclosure-control.md states (by count, the general row last)', () => {
    const variances = Object.fromEntries(MAX_NOISE_VALUES.map((d) => [d, rowsOf(PERTURBATION_TABLES[d]).map(([, row]) => moments(row).variance)]));
    expect(variances).toEqual({ 1: [0.5], 2: [0.625, 0.75], 3: [232 / 256, 264 / 256, 280 / 256] });
  });

  it('each cell key draws one noise, in the order of the row', () => {
    const row = PERTURBATION_TABLES[2].general;
    expect([0, 7, 8, 71, 72, 183, 184, 247, 248, 255].map((key) => noiseOf(row, key))).toEqual([-2, -2, -1, -1, 0, 0, 1, 1, 2, 2]);
  });

  it('a row that leaves cell keys without a noise is refused, not read as no noise', () => {
    const short: NoiseRow = { [-1]: 64, 0: 128 };
    expect(noiseOf(short, 191)).toBe(0);
    expect(() => noiseOf(short, 192)).toThrow(`a perturbation row must cover all ${CELL_KEY_MODULUS} cell keys`);
  });
});

describe('releasing a count (k = 5, D = 2)', () => {
  const releasedOver = (count: number) => new Set(KEYS.map((key) => release(count, key, rules(2))));

  it('zero stays zero, whatever the key', () => {
    expect(releasedOver(0)).toEqual(new Set([0]));
    expect(new Set(KEYS.map((key) => perturbed(0, key, PERTURBATION_TABLES[2])))).toEqual(new Set([0]));
  });

  it('a count below k is never shown as itself: it reads 0, suppressed, or k and a little more', () => {
    for (const count of [1, 2, 3, 4]) {
      for (const shown of releasedOver(count)) expect(shown === 0 || shown === SUPPRESSED || (typeof shown === 'number' && shown >= 5)).toBe(true);
    }
  });

  it('neither side of a threshold is certain: a 1 may read 0, a 4 may be shown, a 5 may be suppressed', () => {
    expect(releasedOver(1)).toEqual(new Set([0, SUPPRESSED]));
    expect(releasedOver(4)).toEqual(new Set([SUPPRESSED, 5, 6]));
    expect(releasedOver(5)).toEqual(new Set([SUPPRESSED, 5, 6, 7]));
  });

  it.each(MAX_NOISE_VALUES.map((d) => [d]))('D = %i: a shown count is never below k and never more than D from the truth', (d) => {
    const wrong: Array<[number, number]> = [];
    for (let count = 1; count <= 40; count += 1) {
      for (const key of KEYS) {
        const shown = release(count, key, rules(d));
        if (typeof shown === 'number' && shown !== 0 && (shown < 5 || Math.abs(shown - count) > d)) wrong.push([count, key]);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the same key sum gives the same value every time: repeating a query learns nothing', () => {
    for (const key of [0, 99, 1234, 70_001]) expect(new Set(Array.from({ length: 20 }, () => release(37, key, rules(2))))).toHaveProperty('size', 1);
  });

  it('a cell key is the key sum modulo 256', () => {
    expect([0, 255, 256, 257, 70_001].map(cellKeyOf)).toEqual([0, 255, 0, 1, 70_001 % 256]);
  });

  it('over many cells of random children, small and large, the mean error is about zero', () => {
    const random = seededRandom(7);
    let error = 0;
    const cells = 20_000;
    for (let i = 0; i < cells; i += 1) {
      const count = 1 + Math.floor(random() * 200);
      let keySum = 0;
      for (let child = 0; child < count; child += 1) keySum += Math.floor(random() * 256);
      error += perturbed(count, keySum, PERTURBATION_TABLES[2]) - count;
    }
    expect(Math.abs(error / cells)).toBeLessThan(0.03);
  });
});

describe('the same children give the same figures in whatever query they appear', () => {
  // Built in each test, not when the file loads, so mutation testing sees which tests cover the counting (issue 20).
  let cells: Array<CellKey & Tally>;
  beforeEach(() => {
    const random = seededRandom(11);
    const child = (): Tally => {
      const c = emptyContribution();
      c.children = 1;
      c.levels.housing.stable = 1;
      return tallyOf(c, Math.floor(random() * 256));
    };
    const cellOf = (municipalityId: string, riskLevel: CellKey['riskLevel'], n: number): CellKey & Tally => ({
      cohort: '2026-Q1',
      municipalityId,
      riskLevel,
      sex: 'female',
      ageBand: '15-17',
      ...Array.from({ length: n }, child).reduce((sum, t) => addTally(sum, t), emptyTally()),
    });
    cells = [cellOf('skopje', 'high', 40), cellOf('bitola', 'low', 30), cellOf('bitola', 'high', 25)];
  });

  it('skopje’s row of the breakdown, skopje alone, and skopje’s high-risk children (all of them) read the same', () => {
    const all = outcomeReport(cells, {}, rules(2));
    const alone = outcomeReport(cells, { municipalityId: 'skopje' }, rules(2));
    const high = outcomeReport(cells, { municipalityId: 'skopje', riskLevel: 'high' }, rules(2));
    const row = all.breakdown.find((r) => r.municipalityId === 'skopje')!;
    expect(alone.figures.children).toBe(row.children);
    expect(high.figures.children).toBe(row.children);
    expect(alone.figures.domains.housing.levels.stable).toBe(row.domains.housing.levels.stable);
    // All of skopje's children are stable in housing: the same set, the same value.
    expect(row.domains.housing.levels.stable).toBe(row.children);
  });

  it('a margin is perturbed in its own right: bitola’s total is within D of the truth, not the sum of its perturbed parts', () => {
    const bitola = outcomeReport(cells, { municipalityId: 'bitola' }, rules(2)).figures.children as number;
    expect(Math.abs(bitola - 55)).toBeLessThanOrEqual(2);
  });
});

describe('the bar of issue 14: a large municipality still reads true', () => {
  const LEVEL_MIX = ['critical', 'at_risk', 'at_risk', 'stable', 'stable', 'stable', 'thriving'] as const;
  const RISKS = ['low', 'medium', 'high'] as const;
  // 600 children of one municipality over four quarters and three risk levels: about 50 a cell. Built in each test,
  // not when the file loads, so mutation testing sees which tests cover the counting (issue 20).
  const cells = new Map<string, CellKey & Tally>();
  beforeEach(() => {
    const random = seededRandom(29);
    const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
    cells.clear();
    for (let i = 0; i < 600; i++) {
      const c = emptyContribution();
      c.children = 1;
      for (const domain of Object.keys(c.levels) as Array<keyof typeof c.levels>) c.levels[domain][pick(LEVEL_MIX)] = 1;
      c.lostToFollowUp = random() < 0.2 ? 1 : 0;
      const key: CellKey = { cohort: pick(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']), municipalityId: 'skopje', riskLevel: pick(RISKS), sex: 'male', ageBand: '12-14' };
      const id = JSON.stringify(key);
      cells.set(id, { ...key, ...addTally(cells.get(id) ?? emptyTally(), tallyOf(c, Math.floor(random() * 256))) });
    }
  });
  /** Every count of a report, by path: the population, each level of each domain, lost to follow-up. */
  const countsOf = (figures: ReturnType<typeof outcomeReport>['figures']): Record<string, Figure> => ({
    children: figures.children,
    lostToFollowUp: figures.lostToFollowUp,
    ...Object.fromEntries(Object.entries(figures.domains).flatMap(([domain, { levels }]) => Object.entries(levels).map(([level, value]) => [`${domain}.${level}`, value]))),
  });

  it.each([{}, { cohort: '2025' }, { cohort: '2025-Q3' }, { cohort: '2025-Q3', riskLevel: 'high' as const }, { riskLevel: 'low' as const }])(
    'hundreds of children: every count of skopje within ±D of the truth and none suppressed (%o)',
    (filter) => {
      const shown = countsOf(outcomeReport([...cells.values()], { ...filter, municipalityId: 'skopje' }, rules(2)).figures);
      const truth = countsOf(outcomeReport([...cells.values()], { ...filter, municipalityId: 'skopje' }, { k: 5, table: PERTURBATION_TABLES[0] }).figures);
      expect(truth.children).toBeGreaterThanOrEqual(40);
      for (const [path, value] of Object.entries(truth)) {
        const released = shown[path];
        expect({ path, near: typeof released === 'number' && Math.abs(released - (value as number)) <= 2 }).toEqual({ path, near: true });
      }
    },
  );
});
