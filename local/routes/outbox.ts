import { localRoutes } from './table';
import { localRouteHandler } from '../local-route';

export const handler = localRouteHandler(localRoutes.getOutbox, async (_request, { outbox, streamPollers }) => {
  // Everything committed before this request is delivered first, so the answer never lags behind a write.
  await Promise.all(streamPollers.map((poller) => poller.drain()));
  return { status: 200, body: { items: outbox.list() } };
});
