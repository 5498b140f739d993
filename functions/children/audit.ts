import { routes } from '../../lib/api/routes';
import { listAudit } from '../../lib/data/audit';
import { pageRequest } from '../../lib/data/pages';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getAuditTrail, async ({ query, records: { child }, deps }) => ({
  status: 200,
  body: await listAudit(deps.db, child.childId, pageRequest(query, deps.config.maxPageSize)),
}));
