import * as routes from '../../lib/api/routes/flags';
import { httpHandler } from '../../lib/http/handler';
import { listFlags } from '../../lib/use-cases/flags/list';

export const handler = httpHandler(routes.listFlags, async ({ query, principal, audit, deps }) => ({
  status: 200,
  body: await listFlags(deps, { principal, audit, query }),
}));
