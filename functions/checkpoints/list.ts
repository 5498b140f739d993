import * as routes from '../../lib/api/routes/checkpoints';
import { httpHandler } from '../../lib/http/handler';
import { listCheckpoints } from '../../lib/use-cases/checkpoints/list';

export const handler = httpHandler(routes.listCheckpoints, async ({ query, records: { child }, deps }) => ({
  status: 200,
  body: await listCheckpoints(deps, { child, query }),
}));
