import { AdjustableClock } from '../lib/clock';
import type { DevIssuer } from './dev-issuer';

/** What only the local runtime has: a movable clock and a token issuer, shared by its local-only routes. */
export const localState: { clock: AdjustableClock; issuer: DevIssuer | undefined } = {
  clock: new AdjustableClock(),
  issuer: undefined,
};
