import { routes } from '../../lib/api/routes';
import { commitCaseChange } from '../../lib/data/cases';
import { planAgendaFollowing } from '../../lib/data/plans';
import { stamp, today } from '../../lib/deps';
import { planReopening, reopeningConflict } from '../../lib/domain/case-changes';
import { httpHandler } from '../../lib/http/handler';
import { Conflict } from '../../lib/http/problems';

export const handler = httpHandler(routes.reopenChild, async ({ body, principal, records: { child }, audit, deps }) => {
  const day = today(deps);
  const conflict = reopeningConflict(child, day);
  if (conflict) throw new Conflict(conflict);
  const change = planReopening(child, body.reason, principal.sub, day, stamp(deps));
  await commitCaseChange(deps.db, change, audit('child.reopen', child.childId), await planAgendaFollowing(deps.db, child, change.child));
  return { status: 200, body: change.child };
});
