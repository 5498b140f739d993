import { routes } from '../../lib/api/routes';
import { saveCheckpoint } from '../../lib/data/checkpoints';
import { stamp, today } from '../../lib/deps';
import { checkpointChangeConflict, checkpointChangeViolations, planCheckpointChange } from '../../lib/domain/checkpoint-changes';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Conflict, NotFound } from '../../lib/http/problems';

export const handler = httpHandler(routes.updateCheckpoint, async ({ path, body, principal, records, audit, deps }) => {
  const { child } = records;
  const checkpoint = records.checkpoints.find((c) => c.checkpointId === path.checkpointId);
  if (!checkpoint) throw new NotFound('No such checkpoint.');
  const violations = checkpointChangeViolations(body, today(deps));
  if (violations.length > 0) throw new BadRequest(violations);
  const conflict = checkpointChangeConflict(child, checkpoint, body);
  if (conflict) throw new Conflict(conflict);

  const changed = planCheckpointChange(checkpoint, body, principal.sub, stamp(deps));
  await saveCheckpoint(deps.db, changed, checkpoint.updatedAt, audit('checkpoint.update', child.childId));
  return { status: 200, body: changed };
});
