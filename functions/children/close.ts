import { routes } from '../../lib/api/routes';
import { commitCaseChange } from '../../lib/data/cases';
import { planAgendaFollowing } from '../../lib/data/plans';
import { stamp, today } from '../../lib/deps';
import { closureViolations, planClosure } from '../../lib/domain/case-changes';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Conflict } from '../../lib/http/problems';

export const handler = httpHandler(routes.closeChild, async ({ body, principal, records: { child, checkpoints }, audit, deps }) => {
  if (child.status === 'closed') throw new Conflict('The case is already closed.');
  const day = today(deps);
  const closedOn = body.closedOn ?? day;
  const violations = closureViolations(child, closedOn, day);
  if (violations.length > 0) throw new BadRequest(violations);

  const change = planClosure(child, checkpoints, { ...body, closedOn }, principal.sub, stamp(deps));
  await commitCaseChange(deps.db, change, audit('child.close', child.childId), await planAgendaFollowing(deps.db, child, change.child));
  return { status: 200, body: change.child };
});
