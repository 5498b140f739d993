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

export const isSmall = (count: number, k: number) => count > 0 && count < k;

/**
 * The released value of a count: 0 stays 0; 1 to k−1 are suppressed; from k on, the count plus the noise its cell
 * key draws, never below k and never more than D away.
 */
export function perturb(count: number, keySum: number, rules: DisclosureRules): Figure {
  if (count === 0) return 0;
  if (isSmall(count, rules.k)) return SUPPRESSED;
  const above = count - rules.k;
  const row = rules.table.nearK[above] ?? rules.table.general;
  return count + noiseOf(row, cellKeyOf(keySum));
}

/**
 * A count that is never shown but feeds a figure (a bin of the days-to-resolve histogram): perturbed with the
 * symmetric row whatever its size, never below zero, and zero stays zero.
 */
export function perturbUnshown(count: number, keySum: number, table: PerturbationTable): number {
  if (count === 0) return 0;
  return Math.max(0, count + noiseOf(table.general, cellKeyOf(keySum)));
}
