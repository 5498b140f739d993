import type { IsoDate } from './dates';
import { fallOf, type Domain, type Level } from './domains';
import type { Stamp } from './case';

export const FLAG_TYPES = ['missed_visit', 'regression', 'lost_contact', 'persistent_critical', 'concern', 'referral_overdue'] as const;

/** What a person may raise a concern about (DESIGN.md v2, "Concerns raised by people"). */
export const CONCERN_TYPES = ['safeguarding', 're_trafficking_risk', 'missing', 'placement_breakdown', 'other'] as const;
export type ConcernType = (typeof CONCERN_TYPES)[number];
export type FlagType = (typeof FLAG_TYPES)[number];

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const FLAG_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export const FLAG_ACTIONS = ['raised', 'acknowledged', 'resolved', 'escalated', 'rejudged', 'transferred'] as const;

/** Who changed a flag: a person by role, or the system applying a rule. */
export interface Actor {
  by: string;
  role: string;
  /** For an officer: the municipality they acted for (the flag's then), so only that municipality reads their note. */
  municipalityId?: string;
}

/**
 * The actor of a change to a record routed to a municipality (a flag, a referral): an officer acts for that
 * municipality, so only it reads their words.
 */
export const actingOn = (record: { municipalityId: string }, actor: Actor): Actor =>
  actor.role === 'municipal_officer' ? { ...actor, municipalityId: record.municipalityId } : actor;

export const SYSTEM_ACTOR: Actor = { by: 'system', role: 'system' };

export interface FlagEvent extends Actor {
  action: (typeof FLAG_ACTIONS)[number];
  at: string;
  note?: string;
}

export interface FlagEvidence {
  checkpointId?: string;
  dueOn?: IsoDate;
  visitId?: string;
  visitedOn?: IsoDate;
  fromLevel?: Level;
  toLevel?: Level;
  /** The assessment the level fell from: a visit, or the baseline when absent. */
  fromVisitId?: string;
  fromAssessedOn?: IsoDate;
  /** `referral_overdue`: the referral past its `dueBy` (in `dueOn`). */
  referralId?: string;
}

export interface Resolution extends Actor {
  note: string;
  actionTaken?: string;
  /** The referral that answered the flag, of the same child. */
  referralId?: string;
  at: string;
  automatic: boolean;
}

export interface Flag {
  flagId: string;
  /**
   * What the flag is about, unique per child: `regression#<visitId>#<domain>`, `missed_visit#<checkpointId>`.
   * Writing a flag is conditional on its subject being new, so no rule raises the same flag twice.
   */
  subject: string;
  childId: string;
  caseCode: string;
  municipalityId: string;
  organisationId: string;
  caseWorkerId: string;
  type: FlagType;
  domain?: Domain;
  /** Concern flags only: what the concern is about. */
  concernType?: ConcernType;
  severity: Severity;
  status: FlagStatus;
  raisedAt: string;
  evidence: FlagEvidence;
  history: FlagEvent[];
  escalatedAt?: string;
  resolution?: Resolution;
  updatedAt: string;
}

/** A flag as it will be stored, with the `updatedAt` it had when read: any change since makes the write fail. */
export interface FlagChange {
  flag: Flag;
  updatedAtRead: string;
}

export const flagSubject = {
  regression: (visitId: string, domain: Domain) => `regression#${visitId}#${domain}`,
  missedVisit: (checkpointId: string) => `missed_visit#${checkpointId}`,
  lostContact: (checkpointId: string) => `lost_contact#${checkpointId}`,
  /** A concern is raised by a person each time: its own flag id makes it unique. */
  concern: (flagId: string) => `concern#${flagId}`,
  /** Anchored at the first assessment of the run of criticals: a visit id, or `baseline`. */
  persistentCritical: (domain: Domain, anchor: string) => `persistent_critical#${domain}#${anchor}`,
  referralOverdue: (referralId: string) => `referral_overdue#${referralId}`,
} as const;

export const isUnresolved = (flag: Pick<Flag, 'status'>): boolean => flag.status !== 'resolved';

/** A fall to `critical`, or of two levels or more, is high; any other fall is medium (DESIGN.md, Flags). */
export function regressionSeverity(from: Level, to: Level): Severity {
  return to === 'critical' || fallOf(from, to) >= 2 ? 'high' : 'medium';
}

/** One step up, `high` stays `high`. */
export function raisedOneStep(severity: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(severity) + 1, SEVERITIES.length - 1)]!;
}

/** What a flag copies of its case: who it is about, and where it is routed. */
export interface CaseOfFlag {
  childId: string;
  caseCode: string;
  municipalityId: string;
  organisationId: string;
  caseWorkerId: string;
}

export function raiseFlag(
  child: CaseOfFlag,
  flag: Pick<Flag, 'subject' | 'type' | 'severity' | 'evidence'> & { domain?: Domain },
  stamp: Stamp,
): Flag {
  const { childId, caseCode, municipalityId, organisationId, caseWorkerId } = child;
  return {
    ...flag,
    flagId: stamp.newId(),
    childId,
    caseCode,
    municipalityId,
    organisationId,
    caseWorkerId,
    status: 'open',
    raisedAt: stamp.at,
    history: [{ action: 'raised', at: stamp.at, ...SYSTEM_ACTOR }],
    updatedAt: stamp.at,
  };
}

/** The system closes a flag whose cause went away; the reason is kept in the resolution and the history. */
export function resolveAutomatically(flag: Flag, reason: string, stamp: Stamp): Flag {
  return {
    ...flag,
    status: 'resolved',
    resolution: { note: reason, at: stamp.at, ...SYSTEM_ACTOR, automatic: true },
    history: [...flag.history, { action: 'resolved', at: stamp.at, ...SYSTEM_ACTOR, note: reason }],
    updatedAt: stamp.at,
  };
}
