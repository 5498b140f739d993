import { localRoutes } from './table';
import { localRouteHandler } from '../local-route';

export const handler = localRouteHandler(localRoutes.resetClock, async (_request, { clock }) => {
  clock.reset();
  return { status: 200, body: { now: clock.now().toISOString(), adjusted: false } };
});
