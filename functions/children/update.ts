import { routes } from '../../lib/api/routes';
import { asCaseManager, childInReach } from '../../lib/auth/access';
import { commitCaseChange, findCase } from '../../lib/data/cases';
import { stamp, today } from '../../lib/deps';
import { planCaseUpdate } from '../../lib/domain/case';
import { httpHandler } from '../../lib/http/handler';
import { Conflict, Forbidden } from '../../lib/http/problems';

export const handler = httpHandler(routes.updateChild, async ({ path, body, principal, audit, emergencyAccess, deps }) => {
  const manager = asCaseManager(principal);
  const found = await findCase(deps.db, path.childId);
  const child = await childInReach(manager, found.child, emergencyAccess);
  const { checkpoints, flags } = found;
  if (body.caseWorkerId !== undefined && body.caseWorkerId !== child.caseWorkerId && manager.role !== 'supervisor') {
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
