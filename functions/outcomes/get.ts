import { routes } from '../../lib/api/routes';
import { outcomesFor } from '../../lib/data/outcomes';
import { today } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getOutcomes, async ({ query, deps }) => {
  const { asOf, filter, report } = await outcomesFor(deps.db, query, today(deps), deps.config.disclosure);
  return { status: 200, body: { asOf, filter, ...report } };
});
