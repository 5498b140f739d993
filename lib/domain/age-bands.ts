import { ageOn, type IsoDate } from './dates';

/**
 * Age bands shown instead of a birth date wherever a child must not be identifiable (municipal summaries,
 * evaluators' figures). Coarse at the ends, where few children are.
 */
export const AGE_BANDS = ['0-8', '9-11', '12-14', '15-17', '18-20', '21+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const LOWER_BOUNDS = [0, 9, 12, 15, 18, 21];

export function ageBand(birthDate: IsoDate, on: IsoDate): AgeBand {
  const age = ageOn(birthDate, on);
  let band = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent — past the last band `LOWER_BOUNDS[band + 1]` is undefined and `age >= undefined` is false, so the bound check only says it aloud
  while (band + 1 < LOWER_BOUNDS.length && age >= LOWER_BOUNDS[band + 1]!) band += 1;
  return AGE_BANDS[band]!;
}
