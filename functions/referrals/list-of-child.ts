import { routes } from '../../lib/api/routes';
import { listChildReferrals } from '../../lib/data/referrals';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.listChildReferrals, async ({ records: { child }, deps }) => ({
  status: 200,
  body: { items: await listChildReferrals(deps.db, child.childId) },
}));
