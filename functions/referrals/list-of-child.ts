import * as routes from '../../lib/api/routes/referrals';
import { httpHandler } from '../../lib/http/handler';
import { listChildReferrals } from '../../lib/use-cases/referrals/list-of-child';

export const handler = httpHandler(routes.listChildReferrals, async ({ records: { child }, deps }) => ({
  status: 200,
  body: await listChildReferrals(deps, { child }),
}));
