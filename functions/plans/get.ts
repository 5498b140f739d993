import { routes } from '../../lib/api/routes';
import { findPlan } from '../../lib/data/plans';
import { planView } from '../../lib/domain/plan';
import { httpHandler } from '../../lib/http/handler';
import { NotFound } from '../../lib/http/problems';

export const handler = httpHandler(routes.getPlan, async ({ records: { child, flags }, deps }) => {
  const plan = await findPlan(deps.db, child.childId);
  if (!plan) throw new NotFound('The child has no plan yet.');
  return { status: 200, body: planView(plan, flags) };
});
