import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { asCaseManager, childInReach } from '../../lib/auth/access';
import { caseRecords } from '../../lib/data/cases';
import { isUnresolved } from '../../lib/domain/flags';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getChild, async ({ path, principal, audit, emergencyAccess, deps }) => {
  // One query for the child and its flags; the flags are only answered once the child is known to be in scope.
  const { child: found, flags } = await caseRecords(deps.db, path.childId, 'CHILD');
  const child = await childInReach(asCaseManager(principal), found, emergencyAccess);
  const openFlags = flags
    .filter(isUnresolved)
    .sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  await auditReads(deps.db, [audit('child.read', child.childId)]);
  return { status: 200, body: { ...child, openFlags } };
});
