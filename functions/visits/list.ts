import { routes } from '../../lib/api/routes';
import { pageRequest } from '../../lib/data/pages';
import { listVisits } from '../../lib/data/visits';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.listVisits, async ({ query, records: { child }, deps }) => ({
  status: 200,
  body: await listVisits(deps.db, child.childId, pageRequest(query, deps.config.maxPageSize)),
}));
