import { routes } from '../../lib/api/routes';
import { localRouteHandler } from '../local-route';

export const handler = localRouteHandler(routes.setClock, async ({ body }, { clock }) => {
  clock.set(new Date(body.now));
  return { status: 200, body: { now: clock.now().toISOString(), adjusted: true } };
});
