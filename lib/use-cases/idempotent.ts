import { idempotencyOf, storedAnswer } from '../data/idempotency';
import type { Deps } from '../deps';

/**
 * The operations an Idempotency-Key is unique within. Fixed names rather than the route table's: they are hashed into
 * the stored records' keys, so renaming a route must not make a retry look new.
 */
export type KeyedOperation = 'logVisit' | 'raiseConcern' | 'requestReferral';

/**
 * A keyed write's idempotency record, and the answer of an earlier attempt with the same key as a replay, if there
 * was one: a retry gets the first answer and writes nothing.
 */
export async function earlierAttempt(deps: Deps, caller: string, operation: KeyedOperation, key: string | undefined, request: unknown) {
  const idempotency = idempotencyOf(caller, operation, key, request, deps.clock.now());
  const first = idempotency && (await storedAnswer(deps.db, idempotency.request));
  return { idempotency, replay: first ? { ...first, replayed: true } : undefined };
}
