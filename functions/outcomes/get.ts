import * as routes from '../../lib/api/routes/outcomes';
import { httpHandler } from '../../lib/http/handler';
import { outcomeFigures } from '../../lib/use-cases/outcomes/figures';

export const handler = httpHandler(routes.getOutcomes, async ({ query, deps }) => {
  const { asOf, filter, report } = await outcomeFigures(deps, { query });
  return { status: 200, body: { asOf, filter, ...report } };
});
