import { routes } from '../../lib/api/routes';
import { localRouteHandler } from '../local-route';

export const handler = localRouteHandler(routes.resetClock, async (_request, { clock }) => {
  clock.reset();
  return { status: 200, body: { now: clock.now().toISOString(), adjusted: false } };
});
