import { saveCheckpoint } from '../../data/checkpoints';
import { stamp, today, type Deps } from '../../deps';
import type { Checkpoint, Child } from '../../domain/case';
import { checkpointChangeConflict, checkpointChangeViolations, planCheckpointChange, type CheckpointChange } from '../../domain/checkpoint-changes';
import type { Checked } from '../../domain/checked';
import { keepFollowUp } from '../../domain/follow-up';
import { InvalidInput, NotFound, RuleViolated } from '../../domain/errors';
import type { Caller } from '../caller';

/** Reschedules or cancels one checkpoint of the child, with the caller's reason; cancelling the last one scheduled brings the next rolling one. */
export async function updateCheckpoint(
  deps: Deps,
  input: Caller & { child: Checked<Child>; checkpoints: readonly Checkpoint[]; checkpointId: string; change: CheckpointChange },
): Promise<Checkpoint> {
  const { principal, audit, child, change } = input;
  const checkpoint = input.checkpoints.find((c) => c.checkpointId === input.checkpointId);
  if (!checkpoint) throw new NotFound('No such checkpoint.');
  const violations = checkpointChangeViolations(change, today(deps));
  if (violations.length > 0) throw new InvalidInput(violations);
  const conflict = checkpointChangeConflict(child, checkpoint, change);
  if (conflict) throw new RuleViolated(conflict);
  const at = stamp(deps);
  const changed = planCheckpointChange(checkpoint, change, principal.sub, at);
  const followUp = keepFollowUp(child, input.checkpoints, { changed: [changed] }, at);
  await saveCheckpoint(deps.db, { checkpoint: changed, updatedAtRead: checkpoint.updatedAt, followUp }, audit('checkpoint.update', child.childId));
  return changed;
}
