import { routes } from '../../lib/api/routes';
import { asCaseManager, isChildInScope } from '../../lib/auth/access';
import { findChild } from '../../lib/data/cases';
import { grantEmergencyAccess } from '../../lib/data/emergency-access';
import { stamp } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { Conflict, NotFound } from '../../lib/http/problems';

export const handler = httpHandler(routes.grantEmergencyAccess, async ({ path, body, principal, audit, deps }) => {
  const manager = asCaseManager(principal);
  if (manager.role !== 'supervisor') throw new Error('the route table admits supervisors only');
  const child = await findChild(deps.db, path.childId);
  if (!child) throw new NotFound('No such child.');
  if (isChildInScope(manager, child)) throw new Conflict('This child is in your organisation; no emergency access is needed.');

  const { at, newId } = stamp(deps);
  const expiresMs = Date.parse(at) + deps.config.emergencyAccessHours * 3_600_000;
  // Epoch seconds, the unit DynamoDB's TTL reads.
  const expiresAt = Math.ceil(expiresMs / 1000);
  const grant = {
    grantId: newId(),
    supervisorId: manager.sub,
    supervisorOrganisationId: manager.organisationId,
    childId: child.childId,
    childOrganisationId: child.organisationId,
    reason: body.reason,
    grantedAt: at,
    expiresAt,
  };
  await grantEmergencyAccess(deps.db, grant, { ...audit('emergency.access', child.childId), reason: body.reason });
  return {
    status: 201,
    body: { ...grant, expiresAt: new Date(expiresMs).toISOString() },
  };
});
