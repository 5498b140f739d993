import { CELL_KEY_MODULUS, noiseOf, type PerturbationTable } from './perturbation-table';

/**
 * The cell-key method (ABS TableBuilder; ONS Cantabular; τ-Argus): every child carries a record key drawn once at
 * enrolment and never shown; a count's cell key is the sum of the keys of what it counts, modulo 256; the noise
 * comes from the perturbation table. The same children always give the same value, in whatever query they appear,
 * so repeating or re-slicing a query learns nothing new, and two different sets get independent noise.
 */

/** A record key: uniform on 0..255. The caller draws it (node:crypto in the data layer), so the domain stays pure. */
export const RECORD_KEY_RANGE = CELL_KEY_MODULUS;

export const SUPPRESSED = 'suppressed' as const;
export type Figure = number | typeof SUPPRESSED;

/** The smallest k the product accepts: below 3, suppression protects nobody. */
export const MIN_K = 3;

/** What decides how a count is released: the smallest count shown and the table of noise. */
export interface DisclosureRules {
  k: number;
  table: PerturbationTable;
}

export function cellKeyOf(keySum: number): number {
  return ((keySum % CELL_KEY_MODULUS) + CELL_KEY_MODULUS) % CELL_KEY_MODULUS;
}

/** A count plus the noise its cell key draws; zero stays zero, and the value is never negative. */
export function perturbed(count: number, keySum: number, table: PerturbationTable): number {
  if (count === 0) return 0;
  const row = table.nearZero[count - 1] ?? table.general;
  return count + noiseOf(row, cellKeyOf(keySum));
}

/**
 * What evaluators see of a count: its perturbed value, shown as 0, as suppressed from 1 to k−1, or as the number
 * from k on. Shown values are at most D from the truth; a true count below k may show as 0 or as k or a little
 * more, and one of k or a little more may be suppressed, so neither side of a threshold is certain.
 */
export function release(count: number, keySum: number, rules: DisclosureRules): Figure {
  const value = perturbed(count, keySum, rules.table);
  return value > 0 && value < rules.k ? SUPPRESSED : value;
}
