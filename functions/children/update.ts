import * as routes from '../../lib/api/routes/children';
import { httpHandler } from '../../lib/http/handler';
import { updateChild } from '../../lib/use-cases/children/update';

export const handler = httpHandler(routes.updateChild, async ({ body, principal, records: { child, checkpoints, flags }, audit, deps }) => ({
  status: 200,
  body: await updateChild(deps, { principal, audit, child, checkpoints, flags, update: body }),
}));
