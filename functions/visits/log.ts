import { routes } from '../../lib/api/routes';
import { asCaseManager, childInReach } from '../../lib/auth/access';
import { idempotentRequest, storedAnswer } from '../../lib/data/idempotency';
import { recordVisit } from '../../lib/data/visits';
import { stamp, today } from '../../lib/deps';
import { planVisit, visitConflict, visitViolations } from '../../lib/domain/visits';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Conflict } from '../../lib/http/problems';
import { flushMetrics, METRIC, metrics, MetricUnit } from '../../lib/metrics';

/** Tells a retrying client that this is the answer to its first attempt, and nothing new was written. */
const replayed = { 'idempotent-replayed': 'true' };

export const handler = httpHandler(routes.logVisit, async ({ path, headers, body, principal, audit, emergencyAccess, deps }) => {
  const manager = asCaseManager(principal);
  const key = headers['idempotency-key'];
  const idempotency = key
    ? { request: idempotentRequest(manager.sub, routes.logVisit.operationId, key, { path, body }), at: deps.clock.now() }
    : undefined;
  const first = idempotency && (await storedAnswer(deps.db, idempotency.request));
  if (first) return { ...first, headers: replayed };

  const result = await recordVisit(
    deps.db,
    path.childId,
    async (snapshot) => {
      const child = await childInReach(manager, snapshot.child, emergencyAccess);
      const violations = visitViolations(child, snapshot.checkpoints, body, today(deps));
      if (violations.length > 0) throw new BadRequest(violations);
      const conflict = visitConflict(child, snapshot.checkpoints, body);
      if (conflict) throw new Conflict(conflict);

      const plan = planVisit({ ...snapshot, child }, body, manager.sub, stamp(deps));
      const logged = routes.logVisit.responses[201].json.parse({
        visit: plan.visit,
        checkpoint: plan.fulfilled?.checkpoint ?? null,
        raisedFlags: plan.raised,
        updatedFlags: plan.changed.map((c) => c.flag),
      });
      return { plan, answer: { status: 201, body: logged }, audit: audit('visit.create', child.childId) };
    },
    idempotency,
  );
  // A visit written now, not the answer to an earlier attempt (that one was counted when it was written).
  if (!result.replayed) {
    metrics.addMetric(METRIC.visitsLogged, MetricUnit.Count, 1);
    flushMetrics();
  }
  return { ...result.answer, ...(result.replayed ? { headers: replayed } : {}) };
});
