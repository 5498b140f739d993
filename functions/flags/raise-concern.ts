import * as routes from '../../lib/api/routes/flags';
import { httpHandler } from '../../lib/http/handler';
import { raiseConcern } from '../../lib/use-cases/flags/raise-concern';

export const handler = httpHandler(routes.raiseConcern, async ({ path, headers, body, principal, records: { child }, audit, deps }) =>
  raiseConcern(deps, { principal, audit, child, concern: body, idempotencyKey: headers['idempotency-key'], request: { path, body } }),
);
