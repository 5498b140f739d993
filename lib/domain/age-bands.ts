import { ageOn, type IsoDate } from './dates';

/**
 * Age bands shown instead of a birth date wherever a child must not be identifiable (municipal summaries,
 * evaluators' figures). Coarse at the ends, where few children are.
 */
export const AGE_BANDS = ['0-8', '9-11', '12-14', '15-17', '18-20', '21+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

const LOWER_BOUNDS = [0, 9, 12, 15, 18, 21];

/** The band of the age on `on`; a child is never younger than 0 there (born on or before the enrolment). */
export function ageBand(birthDate: IsoDate, on: IsoDate): AgeBand {
  const age = ageOn(birthDate, on);
  return AGE_BANDS[LOWER_BOUNDS.findLastIndex((lower) => age >= lower)]!;
}
