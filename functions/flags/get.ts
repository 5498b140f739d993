import * as routes from '../../lib/api/routes/flags';
import { today } from '../../lib/deps';
import { flagViewFor } from '../../lib/domain/flag-views';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getFlag, async ({ principal, records: { flag, child }, deps }) => ({
  status: 200,
  body: flagViewFor(principal, flag, child, today(deps)),
}));
