import { routes } from '../../lib/api/routes';
import { commitConcern } from '../../lib/data/flags';
import { idempotencyOf, storedAnswer } from '../../lib/data/idempotency';
import { stamp, today } from '../../lib/deps';
import { flagViewFor } from '../../lib/domain/flag-views';
import { raiseConcern } from '../../lib/domain/flag-transitions';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.raiseConcern, async ({ path, headers, body, principal, records: { child }, audit, deps }) => {
  const idempotency = idempotencyOf(principal.sub, routes.raiseConcern.operationId, headers['idempotency-key'], { path, body }, deps.clock.now());
  const first = idempotency && (await storedAnswer(deps.db, idempotency.request));
  if (first) return { ...first, replayed: true };

  const flag = raiseConcern(child, body, { by: principal.sub, role: principal.role }, stamp(deps));
  const answer = { status: 201, body: flagViewFor(principal, flag, child, today(deps)) };
  const result = await commitConcern(deps.db, flag, answer, idempotency, audit('concern.raise', child.childId));
  return { ...result.answer, replayed: result.replayed };
});
