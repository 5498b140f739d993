import type { Checkpoint } from './case';
import { daysBetween, type IsoDate } from './dates';
import { isOpen, type CheckpointStatus } from './schedule';

export interface Fulfilment {
  checkpoint: Checkpoint;
  status: Extract<CheckpointStatus, 'completed' | 'completed_late'>;
}

/**
 * The checkpoint a visit fulfils (DESIGN.md, Visits fulfil checkpoints). A named checkpoint is fulfilled
 * `completed` when the visit date is inside its window, `completed_late` after its grace end. Otherwise the
 * earliest open checkpoint whose window holds the visit date is `completed`, even one the sweep already
 * marked missed: the status follows the visit date, not the day it was logged. No such checkpoint: ad hoc.
 */
export function fulfilment(
  checkpoints: readonly Checkpoint[],
  visitedOn: IsoDate,
  checkpointId?: string,
): Fulfilment | undefined {
  const withinGrace = (c: Checkpoint) => daysBetween(visitedOn, c.graceEndsOn) >= 0;
  if (checkpointId !== undefined) {
    const checkpoint = checkpoints.find((c) => c.checkpointId === checkpointId);
    if (!checkpoint) return undefined;
    return { checkpoint, status: withinGrace(checkpoint) ? 'completed' : 'completed_late' };
  }
  const candidates = checkpoints
    .filter((c) => isOpen(c.status) && daysBetween(c.windowOpensOn, visitedOn) >= 0 && withinGrace(c))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return candidates[0] && { checkpoint: candidates[0], status: 'completed' };
}
