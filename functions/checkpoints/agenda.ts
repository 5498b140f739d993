import * as routes from '../../lib/api/routes/checkpoints';
import { httpHandler } from '../../lib/http/handler';
import { getAgenda } from '../../lib/use-cases/checkpoints/agenda';

export const handler = httpHandler(routes.getAgenda, async ({ query, principal, audit, deps }) => ({
  status: 200,
  body: await getAgenda(deps, { principal, audit, query }),
}));
