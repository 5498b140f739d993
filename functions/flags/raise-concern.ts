import { routes } from '../../lib/api/routes';
import { commitConcern } from '../../lib/data/flags';
import { idempotentRequest, storedAnswer } from '../../lib/data/idempotency';
import { stamp, today } from '../../lib/deps';
import { flagViewFor } from '../../lib/domain/flag-views';
import { raiseConcern } from '../../lib/domain/flags';
import { httpHandler } from '../../lib/http/handler';

/** Tells a retrying client that this is the answer to its first attempt, and nothing new was written. */
const replayed = { 'idempotent-replayed': 'true' };

export const handler = httpHandler(routes.raiseConcern, async ({ path, headers, body, principal, records: { child }, audit, deps }) => {
  const key = headers['idempotency-key'];
  const idempotency = key
    ? { request: idempotentRequest(principal.sub, routes.raiseConcern.operationId, key, { path, body }), at: deps.clock.now() }
    : undefined;
  const first = idempotency && (await storedAnswer(deps.db, idempotency.request));
  if (first) return { ...first, headers: replayed, replayed: true };

  const flag = raiseConcern(child, body, { by: principal.sub, role: principal.role }, stamp(deps));
  const answer = { status: 201, body: flagViewFor(principal, flag, child, today(deps)) };
  const result = await commitConcern(deps.db, flag, answer, idempotency, audit('concern.raise', child.childId));
  return { ...result.answer, ...(result.replayed ? { headers: replayed, replayed: true } : {}) };
});
