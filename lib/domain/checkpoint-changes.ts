import type { Checkpoint, Child, Stamp, Violation } from './case';
import { daysBetween, type IsoDate } from './dates';
import { graceEndsOn, isOpen, windowOpensOn } from './schedule';

export type CheckpointChange =
  | { action: 'reschedule'; dueOn: IsoDate; reason: string }
  | { action: 'cancel'; reason: string };

/** Why a checkpoint cannot change this way now (409), if it cannot. */
export function checkpointChangeConflict(child: Pick<Child, 'status'>, checkpoint: Checkpoint, change: CheckpointChange): string | undefined {
  if (child.status === 'closed') return 'The case is closed; its schedule can no longer change.';
  if (change.action === 'reschedule' && checkpoint.status !== 'scheduled') {
    return `Only a scheduled checkpoint can be rescheduled; this one is ${checkpoint.status}.`;
  }
  if (
    !isOpen(checkpoint.status) &&
    // Stryker disable next-line ConditionalExpression: equivalent — a reschedule gets here only with a scheduled checkpoint, which is open
    change.action === 'cancel'
  ) {
    return `A ${checkpoint.status} checkpoint cannot be cancelled.`;
  }
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
