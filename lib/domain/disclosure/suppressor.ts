import { MIN_K, SUPPRESSED, release, type DisclosureRules, type Figure } from './cell-key';

/**
 * What evaluators are shown of the outcome tables (DESIGN.md v2, "Disclosure control that survives comparison"):
 * - every count is perturbed by its cell key (cell-key.ts), margins as cells in their own right;
 * - counts from 1 to k−1 are suppressed, and so is every figure derived from one;
 * - shares, medians and trajectory points come from perturbed counts;
 * - within one answer, where one cell of a breakdown or of a level distribution is suppressed, the next smallest
 *   is too (complementary suppression), so a shown total minus shown parts is never one hidden count.
 * Every suppressed figure is named in `suppressed`; its value never leaves this module.
 */
export class Suppressor {
  readonly suppressed: string[] = [];

  constructor(readonly rules: DisclosureRules) {
    if (!Number.isInteger(rules.k) || rules.k < MIN_K) throw new Error(`k must be an integer of at least ${MIN_K}`);
  }

  /** What is shown of a count (cell-key.ts: `release`). */
  released(count: number, keySum: number): Figure {
    return release(count, keySum, this.rules);
  }

  count(path: string, value: number, keySum: number, forced = false): Figure {
    const shown = forced ? SUPPRESSED : this.released(value, keySum);
    return shown === SUPPRESSED ? this.hide(path) : shown;
  }

  /** A share of a population, from the two released counts: suppressed with its numerator or its denominator. */
  share(path: string, [n, nKey]: [number, number], [d, dKey]: [number, number], forced = false): Figure {
    const shownN = this.released(n, nKey);
    const shownD = this.released(d, dKey);
    if (forced || shownN === SUPPRESSED || shownD === SUPPRESSED || shownD === 0) return this.hide(path);
    return Math.round(Math.min(1, shownN / shownD) * 1000) / 1000;
  }

  /** Takes back the names of hidden figures that are left out of the answer altogether. */
  forget(prefix: string): void {
    const kept = this.suppressed.filter((path) => !path.startsWith(prefix));
    this.suppressed.splice(0, this.suppressed.length, ...kept);
  }

  hide(path: string): typeof SUPPRESSED {
    this.suppressed.push(path);
    return SUPPRESSED;
  }

  /**
   * The members of a group that sums to a shown total, to be suppressed, from their shown values: every suppressed
   * one, and when exactly one is, the next smallest non-zero one with it (complementary suppression).
   */
  complementary(shown: Readonly<Record<string, Figure>>): Set<string> {
    const hidden = new Set(Object.keys(shown).filter((key) => shown[key] === SUPPRESSED));
    if (hidden.size === 1) {
      const candidates = Object.keys(shown).filter(
        (key) =>
          // Stryker disable next-line ConditionalExpression: equivalent — `'suppressed' > 0` is false as well
          typeof shown[key] === 'number' &&
          shown[key] > 0,
      );
      const next = candidates.sort((a, b) => (shown[a] as number) - (shown[b] as number))[0];
      // Stryker disable next-line ConditionalExpression: equivalent — an undefined member is never asked for (callers ask for levels and municipalities)
      if (next !== undefined) hidden.add(next);
    }
    return hidden;
  }
}
