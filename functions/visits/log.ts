import { routes } from '../../lib/api/routes';
import { idempotencyOf, storedAnswer } from '../../lib/data/idempotency';
import { recordVisit } from '../../lib/data/visits';
import { stamp, today } from '../../lib/deps';
import { planVisit, type CaseSnapshot } from '../../lib/domain/visit-plan';
import { visitConflict, visitViolations } from '../../lib/domain/visits';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Conflict } from '../../lib/http/problems';
import { flushMetrics, METRIC, metrics, MetricUnit } from '../../lib/metrics';

export const handler = httpHandler(routes.logVisit, async ({ path, headers, body, principal, records, reload, audit, deps }) => {
  const idempotency = idempotencyOf(principal.sub, routes.logVisit.operationId, headers['idempotency-key'], { path, body }, deps.clock.now());
  // Answered only once the child is found in the caller's scope now, and audited as a replay (lib/http/handler.ts).
  const first = idempotency && (await storedAnswer(deps.db, idempotency.request));
  if (first) return { ...first, replayed: true };

  const decide = (snapshot: CaseSnapshot) => {
    const { child } = snapshot;
    const violations = visitViolations(child, snapshot.checkpoints, body, today(deps));
    if (violations.length > 0) throw new BadRequest(violations);
    const conflict = visitConflict(child, snapshot.checkpoints, body);
    if (conflict) throw new Conflict(conflict);

    const plan = planVisit(snapshot, body, principal.sub, stamp(deps));
    const logged = routes.logVisit.responses[201].json.parse({
      visit: plan.visit,
      checkpoint: plan.fulfilled?.checkpoint ?? null,
      raisedFlags: plan.raised,
      updatedFlags: plan.changed.map((c) => c.flag),
    });
    return { plan, answer: { status: 201, body: logged }, audit: audit('visit.create', child.childId) };
  };
  const result = await recordVisit(deps.db, { first: records, reload }, decide, idempotency);
  // A visit written now, not the answer to an earlier attempt (that one was counted when it was written).
  if (!result.replayed) {
    metrics.addMetric(METRIC.visitsLogged, MetricUnit.Count, 1);
    flushMetrics();
  }
  return { ...result.answer, replayed: result.replayed };
});
