import { localRoutes } from './table';
import { httpHandler } from '../../lib/http/handler';
import { localState } from '../state';

export const handler = httpHandler(localRoutes.resetClock, async () => {
  localState.clock.reset();
  return { status: 200, body: { now: localState.clock.now().toISOString(), adjusted: false } };
});
