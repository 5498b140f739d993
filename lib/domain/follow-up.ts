import type { Checkpoint, Child, Stamp } from './case';
import { newCheckpoints } from './enrolment';
import { followUpAfterChange, type ScheduleChange } from './schedule';

/** What a change to the schedule writes so that follow-up does not go silent. */
export interface FollowUpWrites {
  /** The rolling checkpoint, when the change leaves nothing scheduled. */
  created: Checkpoint[];
  /** The checkpoint left scheduled that the change relies on: the transaction fails if it no longer is. */
  stillScheduled: Checkpoint[];
}

/** The writes of `followUpAfterChange` for a change among the case's `checkpoints` (as read). */
export function keepFollowUp(child: Child, checkpoints: readonly Checkpoint[], change: ScheduleChange<Checkpoint>, stamp: Stamp): FollowUpWrites {
  const { rollingDueOn, reliesOn } = followUpAfterChange(child, checkpoints, change);
  return {
    created: rollingDueOn ? newCheckpoints(child, [rollingDueOn], stamp) : [],
    stillScheduled: reliesOn ? [reliesOn] : [],
  };
}
