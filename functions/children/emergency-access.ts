import { routes } from '../../lib/api/routes';
import { grantEmergencyAccess } from '../../lib/data/emergency-access';
import { stamp } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.grantEmergencyAccess, async ({ body, principal, records: { child }, audit, deps }) => {
  const { at, newId } = stamp(deps);
  const expiresMs = Date.parse(at) + deps.config.emergencyAccessHours * 3_600_000;
  const grant = {
    grantId: newId(),
    supervisorId: principal.sub,
    supervisorOrganisationId: principal.organisationId,
    childId: child.childId,
    childOrganisationId: child.organisationId,
    reason: body.reason,
    grantedAt: at,
    // Epoch seconds, the unit DynamoDB's TTL reads.
    expiresAt: Math.ceil(expiresMs / 1000),
  };
  await grantEmergencyAccess(deps.db, grant, { ...audit('emergency.access', child.childId), reason: body.reason });
  return { status: 201, body: { ...grant, expiresAt: new Date(expiresMs).toISOString() } };
});
