import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { asCaseManager, childInReach } from '../../lib/auth/access';
import { findChild } from '../../lib/data/cases';
import { allAssessments } from '../../lib/data/visits';
import { timelineOf } from '../../lib/domain/visits';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getTimeline, async ({ path, principal, audit, emergencyAccess, deps }) => {
  const child = await childInReach(asCaseManager(principal), await findChild(deps.db, path.childId), emergencyAccess);
  const points = await allAssessments(deps.db, path.childId);
  await auditReads(deps.db, [audit('timeline.read', child.childId)]);
  return { status: 200, body: { childId: child.childId, domains: timelineOf(child, points) } };
});
