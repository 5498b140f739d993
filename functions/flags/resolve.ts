import * as routes from '../../lib/api/routes/flags';
import { httpHandler } from '../../lib/http/handler';
import { resolveFlag } from '../../lib/use-cases/flags/resolve';

export const handler = httpHandler(routes.resolveFlag, async ({ body, principal, records: { flag, child }, audit, deps }) => ({
  status: 200,
  body: await resolveFlag(deps, { principal, audit, flag, child, resolution: body }),
}));
