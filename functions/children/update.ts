import { routes } from '../../lib/api/routes';
import { caseWorkerViolation } from '../../lib/auth/directory';
import { commitCaseChange } from '../../lib/data/cases';
import { planAgendaFollowing } from '../../lib/data/plans';
import { stamp, today } from '../../lib/deps';
import { planCaseUpdate } from '../../lib/domain/case-changes';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Conflict, Forbidden } from '../../lib/http/problems';

export const handler = httpHandler(routes.updateChild, async ({ body, principal, records, audit, deps }) => {
  const { child, checkpoints, flags } = records;
  const newWorker = body.caseWorkerId !== undefined && body.caseWorkerId !== child.caseWorkerId ? body.caseWorkerId : undefined;
  if (newWorker && principal.role !== 'supervisor') throw new Forbidden('Only a supervisor can reassign a case to another case worker.');
  if (child.status === 'closed') throw new Conflict('The case is closed; it can no longer change.');
  const assignee = newWorker && (await caseWorkerViolation(deps.directory, newWorker, child.organisationId));
  if (assignee) throw new BadRequest([assignee]);
  if (child.version !== body.version) {
    throw new Conflict(`The child is at version ${child.version}, not ${body.version}; read it again.`);
  }
  const change = planCaseUpdate(child, checkpoints, flags, body, today(deps), stamp(deps));
  await commitCaseChange(deps.db, change, audit('child.update', child.childId), await planAgendaFollowing(deps.db, child, change.child));
  return { status: 200, body: change.child };
});
