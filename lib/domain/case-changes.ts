import type { Checkpoint, Child, Closure, Reopening, Stamp, Violation } from './case';
import type { Checked } from './checked';
import { daysBetween, type IsoDate } from './dates';
import { newCheckpoints } from './enrolment';
import { keepFollowUp } from './follow-up';
import { isUnresolved, SYSTEM_ACTOR, type Flag, type FlagChange } from './flags';
import { checkpointsCancelledByClosure, isOpen, planRiskChange, scheduleDueDates, scheduleStartOf, type CheckpointStatus, type RiskLevel } from './schedule';

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
  /** Checkpoints the change relies on to keep follow-up going (`keepFollowUp`): they must still be scheduled. */
  stillScheduled: Checkpoint[];
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
  const added = newCheckpoints(next, newDueDates, stamp);
  const followUp = keepFollowUp(next, checkpoints, { changed: changed.map(({ checkpoint }) => checkpoint), removed: replaced, added }, stamp);
  return {
    child: next,
    removed: replaced,
    added: [...added, ...followUp.created],
    stillScheduled: followUp.stillScheduled,
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
    stillScheduled: [],
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
  return {
    child: next,
    removed: [],
    added: newCheckpoints(next, scheduleDueDates(today, next.riskLevel), stamp),
    stillScheduled: [],
    changed: [],
    flags: [],
  };
}
