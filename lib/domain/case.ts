import { ageBand } from './age-bands';
import type { Checked } from './checked';
import { daysBetween, type IsoDate } from './dates';
import { DOMAINS, type Domain, type Level, type LevelsByDomain } from './domains';
import { isUnresolved, SYSTEM_ACTOR, type Flag, type FlagChange } from './flags';
import {
  checkpointsCancelledByClosure,
  graceEndsOn,
  isOpen,
  planRiskChange,
  scheduleDueDates,
  scheduleStartOf,
  windowOpensOn,
  type CheckpointStatus,
  type FollowUpPolicy,
  type RiskLevel,
} from './schedule';
import { containsName } from './transliteration';

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

export type EnrolmentInput = Pick<
  Child,
  'caseCode' | 'givenName' | 'familyName' | 'birthDate' | 'sex' | 'municipalityId' | 'riskLevel' | 'enrolledOn' | 'baseline'
>;

/** Rules beyond field formats: enrolment is never in the future, birth precedes it, the case code names nobody. */
export function enrolmentViolations(input: EnrolmentInput, today: IsoDate): Violation[] {
  const violations: Violation[] = [];
  if (daysBetween(input.enrolledOn, today) < 0) {
    violations.push({ path: 'body.enrolledOn', message: 'must not be in the future' });
  }
  if (daysBetween(input.birthDate, input.enrolledOn) < 0) {
    violations.push({ path: 'body.birthDate', message: 'must not be after enrolledOn' });
  }
  // Names are typed in Cyrillic or Latin, with or without diacritics; the code is ASCII (lib/domain/transliteration.ts).
  for (const field of ['givenName', 'familyName'] as const) {
    if (containsName(input.caseCode, input[field])) {
      violations.push({ path: 'body.caseCode', message: `must not contain the child's ${field}` });
    }
  }
  return violations;
}

export interface Stamp {
  /** ISO timestamp from the injected clock. */
  at: string;
  newId: () => string;
  policy: FollowUpPolicy;
}

export function newCheckpoints(child: Child, dueDates: readonly IsoDate[], stamp: Stamp): Checkpoint[] {
  return dueDates.map((dueOn) => ({
    checkpointId: stamp.newId(),
    childId: child.childId,
    dueOn,
    windowOpensOn: windowOpensOn(dueOn, stamp.policy),
    graceEndsOn: graceEndsOn(dueOn, stamp.policy),
    domains: [...DOMAINS],
    status: 'scheduled',
    caseCode: child.caseCode,
    caseWorkerId: child.caseWorkerId,
    organisationId: child.organisationId,
    createdAt: stamp.at,
    updatedAt: stamp.at,
  }));
}

/** A new case and its whole follow-up schedule; the baseline is the first assessment of every domain. */
export function enrol(
  input: EnrolmentInput & { childId: string; recordKey: number; caseWorkerId: string; organisationId: string },
  stamp: Stamp,
): { child: Child; checkpoints: Checkpoint[] } {
  const { childId, caseWorkerId, organisationId, ...fields } = input;
  const child: Child = {
    ...fields,
    childId,
    caseWorkerId,
    organisationId,
    latestLevels: Object.fromEntries(
      DOMAINS.map((domain) => [domain, { level: input.baseline[domain], assessedOn: input.enrolledOn, source: 'baseline' }]),
    ) as Record<Domain, LatestLevel>,
    status: 'active',
    version: 1,
    createdAt: stamp.at,
    updatedAt: stamp.at,
  };
  return { child, checkpoints: newCheckpoints(child, scheduleDueDates(input.enrolledOn, input.riskLevel), stamp) };
}

export function closureViolations(child: Child, closedOn: IsoDate, today: IsoDate): Violation[] {
  if (daysBetween(closedOn, today) < 0) return [{ path: 'body.closedOn', message: 'must not be in the future' }];
  if (daysBetween(child.enrolledOn, closedOn) < 0) return [{ path: 'body.closedOn', message: 'must not be before enrolledOn' }];
  return [];
}

/** A change of a case as one unit: written in one transaction, or not at all. */
export interface CaseChange {
  /** The child as it will be stored; its `version` is one more than the one read. */
  child: Child;
  /** Checkpoints that disappear (the future of a replaced schedule). */
  removed: Checkpoint[];
  added: Checkpoint[];
  /** Existing checkpoints as they will be stored, each with the status it had when read. */
  changed: Array<{ checkpoint: Checkpoint; statusRead: CheckpointStatus }>;
  /** Flags that move with the case. */
  flags: FlagChange[];
  /** Set when the case moves to another municipality: the write holds it to a known one (reference data). */
  newMunicipalityId?: string;
}

const nextVersion = (child: Child, stamp: Stamp, fields: Partial<Child>): Child => ({
  ...child,
  ...fields,
  version: child.version + 1,
  updatedAt: stamp.at,
});

export interface CaseUpdate {
  riskLevel?: RiskLevel;
  caseWorkerId?: string;
  municipalityId?: string;
}

/**
 * A new risk level replaces the future of the schedule (see `planRiskChange`); a new case worker takes every
 * open checkpoint along, so the agenda follows the case; a new case worker or municipality takes the
 * unresolved flags along, so they reach whoever now answers for the child. History is never rewritten.
 */
export function planCaseUpdate(
  child: Checked<Child>,
  checkpoints: readonly Checkpoint[],
  flags: readonly Flag[],
  update: CaseUpdate,
  today: IsoDate,
  stamp: Stamp,
): CaseChange {
  const next = nextVersion(child, stamp, {
    ...(update.riskLevel ? { riskLevel: update.riskLevel } : {}),
    ...(update.caseWorkerId ? { caseWorkerId: update.caseWorkerId } : {}),
    ...(update.municipalityId ? { municipalityId: update.municipalityId } : {}),
  });
  const { replaced, newDueDates } =
    next.riskLevel === child.riskLevel
      ? { replaced: [], newDueDates: [] }
      : planRiskChange({ checkpoints, enrolledOn: scheduleStartOf(child), newRiskLevel: next.riskLevel, today });
  const replacedIds = new Set(replaced.map((c) => c.checkpointId));
  const changed =
    next.caseWorkerId === child.caseWorkerId
      ? []
      : checkpoints
          .filter((c) => isOpen(c.status) && !replacedIds.has(c.checkpointId))
          .map((c) => ({ checkpoint: { ...c, caseWorkerId: next.caseWorkerId, updatedAt: stamp.at }, statusRead: c.status }));
  return {
    child: next,
    removed: replaced,
    added: newCheckpoints(next, newDueDates, stamp),
    changed,
    flags: flags.filter(isUnresolved).flatMap((flag) => transferFlag(flag, next, stamp)),
    ...(next.municipalityId !== child.municipalityId ? { newMunicipalityId: next.municipalityId } : {}),
  };
}

function transferFlag(flag: Flag, child: Child, stamp: Stamp): FlagChange[] {
  const moves = [
    ...(flag.municipalityId !== child.municipalityId ? [`case moved to municipality ${child.municipalityId}`] : []),
    ...(flag.caseWorkerId !== child.caseWorkerId ? [`case reassigned to ${child.caseWorkerId}`] : []),
  ];
  if (moves.length === 0) return [];
  return [
    {
      flag: {
        ...flag,
        municipalityId: child.municipalityId,
        caseWorkerId: child.caseWorkerId,
        history: [...flag.history, { action: 'transferred', at: stamp.at, ...SYSTEM_ACTOR, note: moves.join('; ') }],
        updatedAt: stamp.at,
      },
      updatedAtRead: flag.updatedAt,
    },
  ];
}

export interface ClosureInput {
  reason: string;
  outcome: string;
  note?: string;
  closedOn: IsoDate;
}

/** Closing ends follow-up: the case is closed and every checkpoint still scheduled is cancelled. */
export function planClosure(
  child: Checked<Child>,
  checkpoints: readonly Checkpoint[],
  input: ClosureInput,
  closedBy: string,
  stamp: Stamp,
): CaseChange {
  const closure: Closure = { ...input, closedBy, closedAt: stamp.at };
  const cancellation = { reason: 'case closed', at: stamp.at, by: closedBy };
  return {
    child: nextVersion(child, stamp, { status: 'closed', closure }),
    removed: [],
    added: [],
    flags: [],
    changed: checkpointsCancelledByClosure(checkpoints).map((c) => ({
      checkpoint: { ...c, status: 'cancelled', cancellation, updatedAt: stamp.at },
      statusRead: c.status,
    })),
  };
}

/** Why a reopening would be refused: only a closed case reopens, and never before the day it was closed. */
export function reopeningConflict(child: Pick<Child, 'status' | 'closure'>, today: IsoDate): string | undefined {
  if (child.status !== 'closed' || !child.closure) return 'The case is active; only a closed case can be reopened.';
  if (daysBetween(child.closure.closedOn, today) < 0) return `The case was closed on ${child.closure.closedOn}; it cannot reopen before that day.`;
  return undefined;
}

/**
 * Reopening (DESIGN.md v2): a closed case is active again, under the same child and case code, so its visits,
 * flags and outcome trajectory stay attached and the projection counts it once. Its closure moves into the
 * reopening's record, and a fresh schedule for its risk level starts that day.
 */
export function planReopening(child: Checked<Child>, reason: string, reopenedBy: string, today: IsoDate, stamp: Stamp): CaseChange {
  const { closure, ...open } = child;
  const reopening: Reopening = { reason, reopenedOn: today, reopenedBy, reopenedAt: stamp.at, closure: closure! };
  const next = nextVersion(open, stamp, { status: 'active', reopenings: [...(child.reopenings ?? []), reopening] });
  return { child: next, removed: [], added: newCheckpoints(next, scheduleDueDates(today, next.riskLevel), stamp), changed: [], flags: [] };
}

/** All that a municipal officer learns about a flagged child: no name, birth date, note or visit. */
export function childSummary(child: Pick<Child, 'caseCode' | 'birthDate' | 'latestLevels'>, today: IsoDate) {
  return {
    caseCode: child.caseCode,
    ageBand: ageBand(child.birthDate, today),
    latestLevels: Object.fromEntries(DOMAINS.map((domain) => [domain, child.latestLevels[domain].level])) as LevelsByDomain,
  };
}

export type CheckpointChange =
  | { action: 'reschedule'; dueOn: IsoDate; reason: string }
  | { action: 'cancel'; reason: string };

/** Why a checkpoint cannot change this way now (409), if it cannot. */
export function checkpointChangeConflict(child: Pick<Child, 'status'>, checkpoint: Checkpoint, change: CheckpointChange): string | undefined {
  if (child.status === 'closed') return 'The case is closed; its schedule can no longer change.';
  if (change.action === 'reschedule' && checkpoint.status !== 'scheduled') {
    return `Only a scheduled checkpoint can be rescheduled; this one is ${checkpoint.status}.`;
  }
  if (change.action === 'cancel' && !isOpen(checkpoint.status)) return `A ${checkpoint.status} checkpoint cannot be cancelled.`;
  return undefined;
}

export function checkpointChangeViolations(change: CheckpointChange, today: IsoDate): Violation[] {
  if (change.action === 'reschedule' && daysBetween(today, change.dueOn) < 0) {
    return [{ path: 'body.dueOn', message: 'must not be in the past' }];
  }
  return [];
}

/**
 * A case worker moves one checkpoint (the family is away that week) or cancels it (the child is in hospital
 * abroad); the reason is kept on the checkpoint. A rescheduled checkpoint gets the window and grace period of
 * its new date; a cancelled one leaves the agenda and is never swept.
 */
export function planCheckpointChange(checkpoint: Checkpoint, change: CheckpointChange, by: string, stamp: Stamp): Checkpoint {
  if (change.action === 'cancel') {
    return { ...checkpoint, status: 'cancelled', cancellation: { reason: change.reason, at: stamp.at, by }, updatedAt: stamp.at };
  }
  return {
    ...checkpoint,
    dueOn: change.dueOn,
    windowOpensOn: windowOpensOn(change.dueOn, stamp.policy),
    graceEndsOn: graceEndsOn(change.dueOn, stamp.policy),
    rescheduling: { fromDueOn: checkpoint.dueOn, reason: change.reason, at: stamp.at, by },
    updatedAt: stamp.at,
  };
}
