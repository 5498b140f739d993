import * as routes from '../../lib/api/routes/children';
import { httpHandler } from '../../lib/http/handler';
import { reopenChild } from '../../lib/use-cases/children/reopen';

export const handler = httpHandler(routes.reopenChild, async ({ body, principal, records: { child }, audit, deps }) => ({
  status: 200,
  body: await reopenChild(deps, { principal, audit, child, reason: body.reason }),
}));
