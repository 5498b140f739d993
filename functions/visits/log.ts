import * as routes from '../../lib/api/routes/visits';
import { httpHandler } from '../../lib/http/handler';
import { logVisit } from '../../lib/use-cases/visits/log';

export const handler = httpHandler(routes.logVisit, async ({ path, headers, body, principal, records, reload, audit, deps }) =>
  logVisit(deps, { principal, audit, snapshots: { first: records, reload }, visit: body, idempotencyKey: headers['idempotency-key'], request: { path, body } }),
);
