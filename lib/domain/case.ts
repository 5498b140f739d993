import type { IsoDate } from './dates';
import type { Domain, Level, LevelsByDomain } from './domains';
import type { CheckpointStatus, FollowUpPolicy, RiskLevel } from './schedule';

export const SEXES = ['female', 'male', 'other'] as const;
export type Sex = (typeof SEXES)[number];
export type ChildStatus = 'active' | 'closed';

export interface LatestLevel {
  level: Level;
  assessedOn: IsoDate;
  source: 'baseline' | 'visit';
  visitId?: string;
}

/** What a closed case achieved, as its worker judged it at closure; counted in the outcome figures. */
export const CLOSURE_OUTCOMES = ['reintegrated', 'partially_reintegrated', 'not_reintegrated', 'unknown'] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

export interface Closure {
  reason: string;
  outcome: string;
  note?: string;
  closedOn: IsoDate;
  closedBy: string;
  closedAt: string;
}

/** A closed case made active again: why, when, by whom, and the closure it ended (DESIGN.md v2, Reopening). */
export interface Reopening {
  reason: string;
  reopenedOn: IsoDate;
  reopenedBy: string;
  reopenedAt: string;
  closure: Closure;
}

export interface Child {
  childId: string;
  caseCode: string;
  givenName: string;
  familyName: string;
  birthDate: IsoDate;
  sex: Sex;
  municipalityId: string;
  organisationId: string;
  caseWorkerId: string;
  riskLevel: RiskLevel;
  enrolledOn: IsoDate;
  /** The child's record key for the cell-key method (lib/domain/disclosure): drawn at enrolment, never shown. */
  recordKey: number;
  baseline: LevelsByDomain;
  latestLevels: Record<Domain, LatestLevel>;
  status: ChildStatus;
  closure?: Closure;
  /** Every reopening, oldest first; the latest one's day starts the schedule now followed. */
  reopenings?: Reopening[];
  /**
   * The child or guardian withdrew municipal sharing and gave it no more: officers see its flags and referrals
   * without the child summary (lib/domain/consent.ts `municipalSharingWithdrawn`).
   */
  municipalSharingWithdrawn?: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Checkpoint {
  checkpointId: string;
  childId: string;
  dueOn: IsoDate;
  windowOpensOn: IsoDate;
  graceEndsOn: IsoDate;
  domains: Domain[];
  status: CheckpointStatus;
  visitId?: string;
  cancellation?: { reason: string; at: string; by: string };
  /** The latest move of the due date, with the date it had before. */
  rescheduling?: { fromDueOn: IsoDate; reason: string; at: string; by: string };
  caseCode: string;
  caseWorkerId: string;
  organisationId: string;
  createdAt: string;
  updatedAt: string;
}

/** A broken business rule on an input field, reported as a 400 with its path. */
export interface Violation {
  path: string;
  message: string;
}

export interface Stamp {
  /** ISO timestamp from the injected clock. */
  at: string;
  newId: () => string;
  policy: FollowUpPolicy;
}
