/** A figure as an evaluator receives it. */
export type Figure = number | 'suppressed';

/** The defaults of the contract: maximum noise D and the suppression threshold k. */
export const RELEASE_DEFAULTS = { maxNoise: 2, k: 5 };

/** What a true count may be released as: its value within ±D, then 0, suppressed below k, or the number. */
export function possible(truth: number, { maxNoise, k } = RELEASE_DEFAULTS): Figure[] {
  if (truth === 0) return [0];
  const values = Array.from({ length: 2 * maxNoise + 1 }, (_, i) => truth - maxNoise + i).filter((v) => v >= 0);
  return [...new Set(values.map((v): Figure => (v > 0 && v < k ? 'suppressed' : v)))];
}

/** The shown figure is one that the true count can be released as, whatever the children's record keys. */
export function expectNear(figure: Figure | undefined, truth: number, rules = RELEASE_DEFAULTS) {
  expect({ truth, figure, near: possible(truth, rules).includes(figure!) }).toMatchObject({ near: true });
}

/** A count below k is never shown as itself. */
export function expectHidden(figure: Figure | undefined, truth: number, rules = RELEASE_DEFAULTS) {
  expectNear(figure, truth, rules);
  expect(figure).not.toBe(truth);
}

/** A share from two perturbed counts lies between the extremes their noise allows. */
export function expectShareNear(figure: Figure | undefined, numerator: number, denominator: number, { maxNoise: D, k } = RELEASE_DEFAULTS) {
  if (figure === 'suppressed' && numerator - D < k) return;
  const [low, high] = [(numerator - D) / (denominator + D), Math.min(1, (numerator + D) / Math.max(k, denominator - D))];
  expect({ figure, within: typeof figure === 'number' && figure >= low - 0.0005 && figure <= high + 0.0005 }).toMatchObject({ within: true });
}
