/**
 * The follow-up domains and the ordinal level scale. One list in code, so a programme can add a domain later
 * by adding it here (schemas, baseline and outcome figures follow from it).
 */
export const DOMAINS = ['education', 'housing', 'health', 'vocational_training'] as const;
export type Domain = (typeof DOMAINS)[number];

/** Ordered from worst to best: the index is the rank. */
export const LEVELS = ['critical', 'at_risk', 'stable', 'thriving'] as const;
export type Level = (typeof LEVELS)[number];

export type LevelsByDomain = Record<Domain, Level>;

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** "Reintegrated in a domain" means the latest level is stable or thriving. */
export function isReintegratedLevel(level: Level): boolean {
  return levelRank(level) >= levelRank('stable');
}
