import { idempotencyOf, storedAnswer } from '../data/idempotency';
import type { Deps } from '../deps';

/**
 * A keyed write's idempotency record, and the answer of an earlier attempt with the same key as a replay, if there
 * was one: a retry gets the first answer and writes nothing.
 */
export async function earlierAttempt(deps: Deps, caller: string, operationId: string, key: string | undefined, request: unknown) {
  const idempotency = idempotencyOf(caller, operationId, key, request, deps.clock.now());
  const first = idempotency && (await storedAnswer(deps.db, idempotency.request));
  return { idempotency, replay: first ? { ...first, replayed: true } : undefined };
}
