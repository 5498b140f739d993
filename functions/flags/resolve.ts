import { routes } from '../../lib/api/routes';
import { asFlagReader, flagInScope } from '../../lib/auth/access';
import { withChildSummary } from '../../lib/data/flag-inbox';
import { findFlag, saveFlagChange } from '../../lib/data/flags';
import { stamp, today } from '../../lib/deps';
import { resolve, transitionConflict } from '../../lib/domain/flags';
import { httpHandler } from '../../lib/http/handler';
import { Conflict } from '../../lib/http/problems';

export const handler = httpHandler(routes.resolveFlag, async ({ path, body, principal, audit, deps }) => {
  const reader = asFlagReader(principal);
  const found = await findFlag(deps.db, path.flagId);
  const flag = flagInScope(reader, found.flag);
  const conflict = transitionConflict(flag, 'resolved');
  if (conflict) throw new Conflict(conflict);
  const change = resolve(flag, { by: reader.sub, role: reader.role }, body, stamp(deps));
  await saveFlagChange(deps.db, change, audit('flag.resolve', flag.childId));
  // The child is as read before the change, which never touches it.
  return { status: 200, body: withChildSummary(change.flag, found.child, today(deps)) };
});
