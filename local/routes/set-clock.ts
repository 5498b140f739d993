import { routes } from '../../lib/api/routes';
import { httpHandler } from '../../lib/http/handler';
import { localState } from '../state';

export const handler = httpHandler(routes.setClock, async ({ body }) => {
  localState.clock.set(new Date(body.now));
  return { status: 200, body: { now: localState.clock.now().toISOString(), adjusted: true } };
});
