import * as routes from '../../lib/api/routes/children';
import { httpHandler } from '../../lib/http/handler';
import { auditTrail } from '../../lib/use-cases/children/audit';

export const handler = httpHandler(routes.getAuditTrail, async ({ query, records: { child }, deps }) => ({
  status: 200,
  body: await auditTrail(deps, { child, query }),
}));
