import * as routes from '../../lib/api/routes/referrals';
import { httpHandler } from '../../lib/http/handler';
import { requestReferral } from '../../lib/use-cases/referrals/request';

export const handler = httpHandler(routes.requestReferral, async ({ path, headers, body, principal, records: { child, flags }, audit, deps }) =>
  requestReferral(deps, { principal, audit, child, flags, referral: body, idempotencyKey: headers['idempotency-key'], request: { path, body } }),
);
