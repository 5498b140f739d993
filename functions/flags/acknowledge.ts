import * as routes from '../../lib/api/routes/flags';
import { httpHandler } from '../../lib/http/handler';
import { acknowledgeFlag } from '../../lib/use-cases/flags/acknowledge';

export const handler = httpHandler(routes.acknowledgeFlag, async ({ body, principal, records: { flag, child }, audit, deps }) => ({
  status: 200,
  body: await acknowledgeFlag(deps, { principal, audit, flag, child, note: body.note }),
}));
