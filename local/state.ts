import { AdjustableClock } from '../lib/clock';
import type { DevIssuer } from './dev-issuer';
import type { LocalOutbox } from './outbox';
import type { StreamPoller } from './stream-poller';

/**
 * What only the local runtime has, shared by its local-only routes: a movable clock, a token issuer, the
 * outbox events are delivered to, and the pollers that feed the stream consumers.
 */
export const localState: {
  clock: AdjustableClock;
  issuer: DevIssuer | undefined;
  outbox: LocalOutbox | undefined;
  streamPollers: StreamPoller[];
} = {
  clock: new AdjustableClock(),
  issuer: undefined,
  outbox: undefined,
  streamPollers: [],
};
