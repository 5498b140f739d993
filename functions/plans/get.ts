import * as routes from '../../lib/api/routes/plans';
import { httpHandler } from '../../lib/http/handler';
import { getPlan } from '../../lib/use-cases/plans/get';

export const handler = httpHandler(routes.getPlan, async ({ records: { child, flags }, deps }) => ({
  status: 200,
  body: await getPlan(deps, { child, flags }),
}));
