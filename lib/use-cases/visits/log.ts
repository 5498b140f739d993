import * as routes from '../../api/routes/visits';
import { recordVisit } from '../../data/visits';
import { stamp, today, type Deps } from '../../deps';
import { InvalidInput, RuleViolated } from '../../domain/errors';
import { planVisit, type CaseSnapshot } from '../../domain/visit-plan';
import { visitConflict, visitViolations, type VisitInput } from '../../domain/visits';
import { flushMetrics, METRIC, metrics, MetricUnit } from '../../metrics';
import type { Caller } from '../caller';
import { earlierAttempt } from '../idempotent';

/**
 * Logs a visit, once per idempotency key. It is judged against the case as read, and again against the case as
 * it is now when a concurrent change won the write (lib/data/visits.ts `recordVisit`).
 */
export async function logVisit(
  deps: Deps,
  input: Caller & { snapshots: { first: CaseSnapshot; reload: () => Promise<CaseSnapshot> }; visit: VisitInput; idempotencyKey: string | undefined; request: unknown },
) {
  const { principal, audit, visit } = input;
  // Answered only once the child is found in the caller's scope now, and audited as a replay (lib/http/handler.ts).
  const { idempotency, replay } = await earlierAttempt(deps, principal.sub, 'logVisit', input.idempotencyKey, input.request);
  if (replay) return replay;

  const decide = (snapshot: CaseSnapshot) => {
    const { child } = snapshot;
    const violations = visitViolations(child, snapshot.checkpoints, visit, today(deps));
    if (violations.length > 0) throw new InvalidInput(violations);
    const conflict = visitConflict(child, snapshot.checkpoints, visit);
    if (conflict) throw new RuleViolated(conflict);
    const plan = planVisit(snapshot, visit, principal.sub, stamp(deps));
    const logged = routes.logVisit.responses[201].json.parse({
      visit: plan.visit,
      checkpoint: plan.fulfilled?.checkpoint ?? null,
      raisedFlags: plan.raised,
      updatedFlags: plan.changed.map((c) => c.flag),
    });
    return { plan, answer: { status: 201, body: logged }, audit: audit('visit.create', child.childId) };
  };
  const result = await recordVisit(deps.db, input.snapshots, decide, idempotency);
  // A visit written now, not the answer to an earlier attempt (that one was counted when it was written).
  if (!result.replayed) {
    metrics.addMetric(METRIC.visitsLogged, MetricUnit.Count, 1);
    flushMetrics();
  }
  return { ...result.answer, replayed: result.replayed };
}
