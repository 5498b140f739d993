import { routes } from '../../lib/api/routes';
import { asFlagReader, flagInScope } from '../../lib/auth/access';
import { withChildSummaries } from '../../lib/data/flag-inbox';
import { findFlag, saveFlagChange } from '../../lib/data/flags';
import { stamp, today } from '../../lib/deps';
import { acknowledge, transitionConflict } from '../../lib/domain/flags';
import { httpHandler } from '../../lib/http/handler';
import { Conflict } from '../../lib/http/problems';

export const handler = httpHandler(routes.acknowledgeFlag, async ({ path, body, principal, audit, deps }) => {
  const reader = asFlagReader(principal);
  const flag = flagInScope(reader, await findFlag(deps.db, path.flagId));
  const conflict = transitionConflict(flag, 'acknowledged');
  if (conflict) throw new Conflict(conflict);
  const change = acknowledge(flag, { by: reader.sub, role: reader.role }, body.note, stamp(deps));
  await saveFlagChange(deps.db, change, audit('flag.acknowledge', flag.childId));
  const [answer] = await withChildSummaries(deps.db, [change.flag], today(deps));
  return { status: 200, body: answer };
});
