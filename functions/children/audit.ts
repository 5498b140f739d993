import { routes } from '../../lib/api/routes';
import { asCaseManager, childInReach } from '../../lib/auth/access';
import { listAudit } from '../../lib/data/audit';
import { findChild } from '../../lib/data/cases';
import { pageRequest } from '../../lib/data/pages';
import { httpHandler } from '../../lib/http/handler';

// Reading the trail is not itself recorded: the trail shows what was done to the child's data, not who audited.
export const handler = httpHandler(routes.getAuditTrail, async ({ path, query, principal, emergencyAccess, deps }) => {
  await childInReach(asCaseManager(principal), await findChild(deps.db, path.childId), emergencyAccess);
  const page = await listAudit(deps.db, path.childId, pageRequest(query, deps.config.maxPageSize));
  return { status: 200, body: page };
});
