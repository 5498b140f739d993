/**
 * The perturbation tables of the cell-key method (docs/disclosure-control.md derives them): for a count shown to
 * evaluators, the noise added to it as a function of its cell key, a number from 0 to 255 that is uniform because
 * it is the sum of the cell's random record keys modulo 256. Each noise value owns as many of the 256 keys as
 * its probability × 256, so a table is an exact distribution, not a sample.
 *
 * A row is chosen by how far the count sits above k: a shown count is never below k, so the rows for k and just
 * above it cannot fall as far as they rise; from k + D on, the row is symmetric. Every row but the one for k has
 * mean zero; the row for k is biased upwards, which the documentation states.
 */

export const CELL_KEY_MODULUS = 256;

/** Noise → how many of the 256 cell keys give it. */
export type NoiseRow = Readonly<Record<number, number>>;

export interface PerturbationTable {
  /** D: no count moves by more than this. */
  maxNoise: number;
  /** `nearK[j]` for a count of k + j with j < D; `general` for any count of k + D or more. */
  nearK: readonly NoiseRow[];
  general: NoiseRow;
}

/** The tables by D. 0 is no perturbation at all (the first version's behaviour), kept for tests of the counting. */
export const PERTURBATION_TABLES: Readonly<Record<0 | 1 | 2 | 3, PerturbationTable>> = {
  0: { maxNoise: 0, nearK: [], general: { 0: 256 } },
  1: {
    maxNoise: 1,
    nearK: [{ 0: 192, 1: 64 }],
    general: { [-1]: 64, 0: 128, 1: 64 },
  },
  2: {
    maxNoise: 2,
    nearK: [
      { 0: 184, 1: 64, 2: 8 },
      { [-1]: 72, 0: 120, 1: 56, 2: 8 },
    ],
    general: { [-2]: 8, [-1]: 64, 0: 112, 1: 64, 2: 8 },
  },
  3: {
    maxNoise: 3,
    nearK: [
      { 0: 184, 1: 56, 2: 12, 3: 4 },
      { [-1]: 92, 0: 92, 1: 56, 2: 12, 3: 4 },
      { [-2]: 16, [-1]: 60, 0: 108, 1: 56, 2: 12, 3: 4 },
    ],
    general: { [-3]: 4, [-2]: 12, [-1]: 56, 0: 112, 1: 56, 2: 12, 3: 4 },
  },
};

export type MaxNoise = keyof typeof PERTURBATION_TABLES;
export const MAX_NOISE_VALUES = [1, 2, 3] as const;
export const DEFAULT_MAX_NOISE = 2;

/** The noise of a row for a cell key: the keys are handed out to the noise values in ascending order. */
export function noiseOf(row: NoiseRow, cellKey: number): number {
  let upTo = 0;
  const noises = Object.keys(row)
    .map(Number)
    .sort((a, b) => a - b);
  for (const noise of noises) {
    upTo += row[noise]!;
    if (cellKey < upTo) return noise;
  }
  throw new Error(`a perturbation row must cover all ${CELL_KEY_MODULUS} cell keys`);
}
