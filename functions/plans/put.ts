import { routes } from '../../lib/api/routes';
import { findPlan, savePlan } from '../../lib/data/plans';
import { stamp, today } from '../../lib/deps';
import { planConflict, planVersionConflict, planView, planViolations, revisePlan } from '../../lib/domain/plan';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Conflict } from '../../lib/http/problems';

export const handler = httpHandler(routes.putPlan, async ({ body, principal, records: { child }, audit, deps }) => {
  const violations = planViolations(body, child, today(deps));
  if (violations.length > 0) throw new BadRequest(violations);
  const closed = planConflict(child);
  if (closed) throw new Conflict(closed);
  const current = await findPlan(deps.db, child.childId);
  const stale = planVersionConflict(current, body.version);
  if (stale) throw new Conflict(stale);
  const plan = revisePlan(child, current, body, { by: principal.sub, role: principal.role }, stamp(deps));
  await savePlan(deps.db, child, plan, current, audit('plan.write', child.childId));
  // Just revised: no regression can have been raised after it yet.
  return { status: current ? 200 : 201, body: planView(plan, []) };
});
