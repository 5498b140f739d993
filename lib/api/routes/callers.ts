/** Who may call a route, where several routes share the answer. */
export const caseManagers = ['social_worker', 'supervisor'] as const;
export const flagReaders = ['municipal_officer', 'social_worker', 'supervisor'] as const;
/** A referral's two sides: the case's worker and supervisor, and the officers of the municipal service asked. */
export const referralParties = flagReaders;
