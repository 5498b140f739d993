import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { asCaseManager, childInReach } from '../../lib/auth/access';
import { findChild } from '../../lib/data/cases';
import { listSchedule } from '../../lib/data/checkpoints';
import { pageRequest } from '../../lib/data/pages';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.listCheckpoints, async ({ path, query, principal, audit, emergencyAccess, deps }) => {
  await childInReach(asCaseManager(principal), await findChild(deps.db, path.childId), emergencyAccess);
  const page = await listSchedule(deps.db, path.childId, pageRequest(query, deps.config.maxPageSize));
  await auditReads(deps.db, [audit('checkpoints.read', path.childId)]);
  return { status: 200, body: page };
});
