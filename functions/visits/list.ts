import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { asCaseManager, childInReach } from '../../lib/auth/access';
import { findChild } from '../../lib/data/cases';
import { pageRequest } from '../../lib/data/pages';
import { listVisits } from '../../lib/data/visits';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.listVisits, async ({ path, query, principal, audit, emergencyAccess, deps }) => {
  await childInReach(asCaseManager(principal), await findChild(deps.db, path.childId), emergencyAccess);
  const page = await listVisits(deps.db, path.childId, pageRequest(query, deps.config.maxPageSize));
  await auditReads(deps.db, [audit('visits.read', path.childId)]);
  return { status: 200, body: page };
});
