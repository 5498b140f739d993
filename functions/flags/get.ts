import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { asFlagReader, flagInScope } from '../../lib/auth/access';
import { withChildSummary } from '../../lib/data/flag-inbox';
import { findFlag } from '../../lib/data/flags';
import { today } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getFlag, async ({ path, principal, audit, deps }) => {
  const found = await findFlag(deps.db, path.flagId);
  const flag = flagInScope(asFlagReader(principal), found.flag);
  const body = withChildSummary(flag, found.child, today(deps));
  await auditReads(deps.db, [audit('flag.read', flag.childId)]);
  return { status: 200, body };
});
