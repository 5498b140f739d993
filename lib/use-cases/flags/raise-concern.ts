import type { FlagReader } from '../../auth/scope';
import { commitConcern } from '../../data/flags';
import { stamp, today, type Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import { raiseConcern as concernFlag, type ConcernInput } from '../../domain/flag-transitions';
import { flagViewFor } from '../../domain/flag-views';
import type { Caller } from '../caller';
import { earlierAttempt } from '../idempotent';

/** Raises a concern about the child, once per idempotency key: a retry gets the first answer. */
export async function raiseConcern(
  deps: Deps,
  input: Caller<FlagReader> & { child: Checked<Child>; concern: ConcernInput; idempotencyKey: string | undefined; request: unknown },
) {
  const { principal, audit, child, concern } = input;
  const { idempotency, replay } = await earlierAttempt(deps, principal.sub, 'raiseConcern', input.idempotencyKey, input.request);
  if (replay) return replay;
  const flag = concernFlag(child, concern, { by: principal.sub, role: principal.role }, stamp(deps));
  const answer = { status: 201, body: flagViewFor(principal, flag, child, today(deps)) };
  const result = await commitConcern(deps.db, flag, answer, idempotency, audit('concern.raise', child.childId));
  return { ...result.answer, replayed: result.replayed };
}
