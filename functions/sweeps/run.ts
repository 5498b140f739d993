import * as routes from '../../lib/api/routes/sweeps';
import { httpHandler } from '../../lib/http/handler';
import { sweep } from '../../lib/sweep';

export const handler = httpHandler(routes.runSweep, async ({ deps, timeLeft }) => ({
  status: 200,
  body: await sweep(deps, timeLeft),
}));
