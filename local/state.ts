import type { AdjustableClock } from '../lib/clock';
import type { DevIssuer } from './dev-issuer';
import type { LocalOutbox } from './outbox';
import type { StreamPoller } from './stream-poller';

/**
 * What only a local runtime has, handed to its local-only routes when it binds them and returned to whoever started
 * it: a movable clock, a token issuer, the outbox events are delivered to, and the pollers that feed the stream
 * consumers. Each runtime has its own: two runtimes in one process (a test's restart) share nothing.
 */
export interface LocalState {
  clock: AdjustableClock;
  issuer: DevIssuer;
  outbox: LocalOutbox;
  streamPollers: readonly StreamPoller[];
}
