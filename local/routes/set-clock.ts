import { localRoutes } from './table';
import { httpHandler } from '../../lib/http/handler';
import { localState } from '../state';

export const handler = httpHandler(localRoutes.setClock, async ({ body }) => {
  localState.clock.set(new Date(body.now));
  return { status: 200, body: { now: localState.clock.now().toISOString(), adjusted: true } };
});
