import * as routes from '../../lib/api/routes/visits';
import { httpHandler } from '../../lib/http/handler';
import { listVisits } from '../../lib/use-cases/visits/list';

export const handler = httpHandler(routes.listVisits, async ({ query, records: { child }, deps }) => ({
  status: 200,
  body: await listVisits(deps, { child, query }),
}));
