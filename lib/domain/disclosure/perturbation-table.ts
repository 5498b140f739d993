/**
 * The perturbation tables of the cell-key method (docs/disclosure-control.md derives them): for a count of
 * children, the noise added to it as a function of its cell key, a number from 0 to 255 that is uniform because
 * it is the sum of the cell's random record keys modulo 256. Each noise value owns as many of the 256 keys as
 * its probability × 256, so a table is an exact distribution, not a sample.
 *
 * Every positive count is perturbed, small ones too, and the value is never negative: a count n below D may not
 * fall by more than n, so it has a row of its own. Every row has mean zero. What is shown of the perturbed value
 * (0, suppressed below k, the number from k) is decided after perturbation (cell-key.ts), so neither a zero nor
 * the threshold k tells an intruder exactly which side of it the true count is on.
 */

export const CELL_KEY_MODULUS = 256;

/** Noise → how many of the 256 cell keys give it. */
export type NoiseRow = Readonly<Record<number, number>>;

export interface PerturbationTable {
  /** D: no count moves by more than this. */
  maxNoise: number;
  /** `nearZero[n - 1]` for a count n from 1 to D − 1; `general` for any count of D or more. */
  nearZero: readonly NoiseRow[];
  general: NoiseRow;
}

/** The tables by D. 0 is no perturbation at all (the first version's behaviour), kept for tests of the counting. */
export const PERTURBATION_TABLES: Readonly<Record<0 | 1 | 2 | 3, PerturbationTable>> = {
  0: { maxNoise: 0, nearZero: [], general: { 0: 256 } },
  1: { maxNoise: 1, nearZero: [], general: { [-1]: 64, 0: 128, 1: 64 } },
  2: {
    maxNoise: 2,
    nearZero: [{ [-1]: 72, 0: 120, 1: 56, 2: 8 }],
    general: { [-2]: 8, [-1]: 64, 0: 112, 1: 64, 2: 8 },
  },
  3: {
    maxNoise: 3,
    nearZero: [
      { [-1]: 92, 0: 92, 1: 56, 2: 12, 3: 4 },
      { [-2]: 16, [-1]: 60, 0: 108, 1: 56, 2: 12, 3: 4 },
    ],
    general: { [-3]: 4, [-2]: 12, [-1]: 56, 0: 112, 1: 56, 2: 12, 3: 4 },
  },
};

export type MaxNoise = keyof typeof PERTURBATION_TABLES;
export const MAX_NOISE_VALUES = [1, 2, 3] as const;
export const DEFAULT_MAX_NOISE = 2;

/** Each row's noise by cell key, worked out once per row: an outcomes answer asks for it for every figure it shows. */
const noiseByKey = new WeakMap<NoiseRow, ReadonlyArray<number>>();

/** The cell keys handed out to the noise values in ascending order, each value as many as the row gives it. */
function keysToNoise(row: NoiseRow): number[] {
  const byKey: number[] = [];
  const noises = Object.keys(row)
    .map(Number)
    .sort((a, b) => a - b);
  for (const noise of noises) byKey.push(...Array.from({ length: row[noise]! }, () => noise));
  return byKey;
}

/** The noise of a row for a cell key (an integer from 0 to 255). */
export function noiseOf(row: NoiseRow, cellKey: number): number {
  let byKey = noiseByKey.get(row);
  // Stryker disable next-line ConditionalExpression: equivalent — working a row out again gives the same noise; the cache only saves the work
  if (!byKey) noiseByKey.set(row, (byKey = keysToNoise(row)));
  const noise = byKey[cellKey];
  if (noise === undefined) throw new Error(`a perturbation row must cover all ${CELL_KEY_MODULUS} cell keys`);
  return noise;
}
