import { localRoutes } from './table';
import { httpHandler } from '../../lib/http/handler';
import { localState } from '../state';

export const handler = httpHandler(localRoutes.getOutbox, async () => {
  // Everything committed before this request is delivered first, so the answer never lags behind a write.
  await Promise.all(localState.streamPollers.map((poller) => poller.drain()));
  return { status: 200, body: { items: localState.outbox?.list() ?? [] } };
});
