import { findPlan, savePlan } from '../../data/plans';
import { stamp, today, type Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import { InvalidInput, RuleViolated, StaleRecord } from '../../domain/errors';
import { planConflict, planVersionConflict, planView, planViolations, revisePlan, type PlanInput } from '../../domain/plan';
import type { Caller } from '../caller';

/** Writes the child's plan, the first one or a revision of the version the caller read; says which. */
export async function putPlan(deps: Deps, input: Caller & { child: Checked<Child>; plan: PlanInput }) {
  const { principal, audit, child, plan: asked } = input;
  const violations = planViolations(asked, child, today(deps));
  if (violations.length > 0) throw new InvalidInput(violations);
  const closed = planConflict(child);
  if (closed) throw new RuleViolated(closed);
  const current = await findPlan(deps.db, child.childId);
  const stale = planVersionConflict(current, asked.version);
  if (stale) throw new StaleRecord(stale);
  const plan = revisePlan(child, current, asked, { by: principal.sub, role: principal.role }, stamp(deps));
  await savePlan(deps.db, child, plan, current, audit('plan.write', child.childId));
  // Just revised: no regression can have been raised after it yet.
  return { plan: planView(plan, []), created: current === undefined };
}
