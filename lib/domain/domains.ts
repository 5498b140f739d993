/**
 * The follow-up domains and the ordinal level scale. One list in code, so a programme can add a domain later
 * by adding it here (schemas, baseline and outcome figures follow from it).
 */
export const DOMAINS = ['education', 'housing', 'health', 'vocational_training'] as const;
export type Domain = (typeof DOMAINS)[number];

/** The ordinal scale, from worst to best: the index is the rank. */
export const RATED_LEVELS = ['critical', 'at_risk', 'stable', 'thriving'] as const;
export type RatedLevel = (typeof RATED_LEVELS)[number];

/**
 * What a worker records for a domain: a rated level, or `not_applicable` where the domain does not apply to the
 * child (vocational training for a young child). `not_applicable` has no rank: going to or from it is no fall.
 */
export const LEVELS = [...RATED_LEVELS, 'not_applicable'] as const;
export type Level = (typeof LEVELS)[number];

export type LevelsByDomain = Record<Domain, Level>;

export const isRated = (level: Level): level is RatedLevel => level !== 'not_applicable';

export function levelRank(level: RatedLevel): number {
  return RATED_LEVELS.indexOf(level);
}

/** How many levels a domain fell from one assessment to the next: 0 for a rise, no change, or a domain that starts or stops applying. */
export function fallOf(from: Level, to: Level): number {
  return isRated(from) && isRated(to) ? Math.max(0, levelRank(from) - levelRank(to)) : 0;
}

/** "Reintegrated in a domain" means the level is stable or thriving; `not_applicable` and a stale level never are. */
export function isReintegratedLevel(level: Level | 'not_recently_assessed'): boolean {
  return level === 'stable' || level === 'thriving';
}
