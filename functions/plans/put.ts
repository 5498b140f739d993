import * as routes from '../../lib/api/routes/plans';
import { httpHandler } from '../../lib/http/handler';
import { putPlan } from '../../lib/use-cases/plans/put';

export const handler = httpHandler(routes.putPlan, async ({ body, principal, records: { child }, audit, deps }) => {
  const { plan, created } = await putPlan(deps, { principal, audit, child, plan: body });
  return { status: created ? 201 : 200, body: plan };
});
