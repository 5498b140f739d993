import * as routes from '../../lib/api/routes/children';
import { httpHandler } from '../../lib/http/handler';
import { closeChild } from '../../lib/use-cases/children/close';

export const handler = httpHandler(routes.closeChild, async ({ body, principal, records: { child, checkpoints }, audit, deps }) => ({
  status: 200,
  body: await closeChild(deps, { principal, audit, child, checkpoints, closure: body }),
}));
