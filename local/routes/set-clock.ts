import { localRoutes } from './table';
import { localRouteHandler } from '../local-route';

export const handler = localRouteHandler(localRoutes.setClock, async ({ body }, { clock }) => {
  clock.set(new Date(body.now));
  return { status: 200, body: { now: clock.now().toISOString(), adjusted: true } };
});
