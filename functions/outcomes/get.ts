import { routes } from '../../lib/api/routes';
import { outcomeCells } from '../../lib/data/outcomes';
import { today } from '../../lib/deps';
import { asOfViolations, outcomeReport } from '../../lib/domain/outcomes';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest } from '../../lib/http/problems';

export const handler = httpHandler(routes.getOutcomes, async ({ query, deps }) => {
  const { asOf: requested, ...filter } = query;
  const asOf = today(deps);
  const violations = asOfViolations(requested, asOf);
  if (violations.length > 0) throw new BadRequest(violations);
  const report = outcomeReport(await outcomeCells(deps.db, filter.cohort), filter, deps.config.outcomesK);
  return { status: 200, body: { asOf, filter, ...report } };
});
