import * as routes from '../../lib/api/routes/referrals';
import { today } from '../../lib/deps';
import { referralViewFor } from '../../lib/domain/referral-views';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getReferral, async ({ principal, records: { referral, child }, deps }) => ({
  status: 200,
  body: referralViewFor(principal, referral, child, today(deps)),
}));
