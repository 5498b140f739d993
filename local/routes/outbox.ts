import { routes } from '../../lib/api/routes';
import { localRouteHandler } from '../local-route';

export const handler = localRouteHandler(routes.getOutbox, async (_request, { outbox, streamPollers }) => {
  // Everything committed before this request is delivered first, so the answer never lags behind a write.
  await Promise.all(streamPollers.map((poller) => poller.drain()));
  return { status: 200, body: { items: outbox.list() } };
});
