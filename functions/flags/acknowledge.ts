import { routes } from '../../lib/api/routes';
import { saveFlagChange } from '../../lib/data/flags';
import { stamp, today } from '../../lib/deps';
import { flagViewFor } from '../../lib/domain/flag-views';
import { acknowledge, transitionConflict } from '../../lib/domain/flag-transitions';
import { httpHandler } from '../../lib/http/handler';
import { Conflict } from '../../lib/http/problems';

export const handler = httpHandler(routes.acknowledgeFlag, async ({ body, principal, records: { flag, child }, audit, deps }) => {
  const conflict = transitionConflict(flag, 'acknowledged');
  if (conflict) throw new Conflict(conflict);
  const change = acknowledge(flag, { by: principal.sub, role: principal.role }, body.note, stamp(deps));
  await saveFlagChange(deps.db, change, audit('flag.acknowledge', flag.childId));
  // The child is as read before the change, which never touches it.
  return { status: 200, body: flagViewFor(principal, change.flag, child, today(deps)) };
});
