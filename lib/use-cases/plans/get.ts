import { findPlan } from '../../data/plans';
import type { Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import { NotFound } from '../../domain/errors';
import type { Flag } from '../../domain/flags';
import { planView } from '../../domain/plan';

/** The child's plan, with the regressions raised since it was last revised. */
export async function getPlan(deps: Deps, input: { child: Checked<Child>; flags: readonly Flag[] }) {
  const plan = await findPlan(deps.db, input.child.childId);
  if (!plan) throw new NotFound('The child has no plan yet.');
  return planView(plan, input.flags);
}
