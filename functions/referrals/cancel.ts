import * as routes from '../../lib/api/routes/referrals';
import { httpHandler } from '../../lib/http/handler';
import { moveReferral } from '../../lib/use-cases/referrals/move';

export const handler = httpHandler(routes.cancelReferral, async ({ body, principal, records: { referral, child }, audit, deps }) => ({
  status: 200,
  body: await moveReferral(deps, { principal, audit, referral, child, move: 'cancel', details: body }),
}));
