import * as routes from '../../lib/api/routes/referrals';
import { httpHandler } from '../../lib/http/handler';
import { listReferrals } from '../../lib/use-cases/referrals/list';

export const handler = httpHandler(routes.listReferrals, async ({ query, principal, audit, deps }) => ({
  status: 200,
  body: await listReferrals(deps, { principal, audit, query }),
}));
