import { routes } from '../../lib/api/routes';
import { outcomeCells } from '../../lib/data/outcomes';
import { today } from '../../lib/deps';
import { daysBetween } from '../../lib/domain/dates';
import { outcomeReport } from '../../lib/domain/outcomes';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest } from '../../lib/http/problems';

export const handler = httpHandler(routes.getOutcomes, async ({ query, deps }) => {
  const day = today(deps);
  const asOf = query.asOf ?? day;
  if (daysBetween(asOf, day) !== 0) {
    throw new BadRequest([{ path: 'query.asOf', message: `figures are kept for today (${day}) only` }]);
  }
  const { asOf: _asOf, ...filter } = query;
  const report = outcomeReport(await outcomeCells(deps.db, filter.cohort), filter, deps.config.outcomesK);
  return { status: 200, body: { asOf, filter, ...report } };
});
