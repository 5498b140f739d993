import * as routes from '../../lib/api/routes/children';
import { httpHandler } from '../../lib/http/handler';
import { grantEmergencyAccess } from '../../lib/use-cases/children/emergency-access';

export const handler = httpHandler(routes.grantEmergencyAccess, async ({ body, principal, records: { child }, audit, deps }) => ({
  status: 201,
  body: await grantEmergencyAccess(deps, { principal, audit, child, reason: body.reason }),
}));
