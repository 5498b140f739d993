import * as routes from '../../lib/api/routes/children';
import { httpHandler } from '../../lib/http/handler';
import { listChildren } from '../../lib/use-cases/children/list';

export const handler = httpHandler(routes.listChildren, async ({ query, principal, audit, deps }) => ({
  status: 200,
  body: await listChildren(deps, { principal, audit, query }),
}));
