import { routes } from '../../lib/api/routes';
import { commitCaseChange } from '../../lib/data/cases';
import { stamp, today } from '../../lib/deps';
import { planCaseUpdate } from '../../lib/domain/case';
import { httpHandler } from '../../lib/http/handler';
import { Conflict, Forbidden } from '../../lib/http/problems';

export const handler = httpHandler(routes.updateChild, async ({ body, principal, records, audit, deps }) => {
  const { child, checkpoints, flags } = records;
  if (body.caseWorkerId !== undefined && body.caseWorkerId !== child.caseWorkerId && principal.role !== 'supervisor') {
    throw new Forbidden('Only a supervisor can reassign a case to another case worker.');
  }
  if (child.status === 'closed') throw new Conflict('The case is closed; it can no longer change.');
  if (child.version !== body.version) {
    throw new Conflict(`The child is at version ${child.version}, not ${body.version}; read it again.`);
  }
  const change = planCaseUpdate(child, checkpoints, flags, body, today(deps), stamp(deps));
  await commitCaseChange(deps.db, change, audit('child.update', child.childId));
  return { status: 200, body: change.child };
});
