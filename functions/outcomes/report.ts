import { routes } from '../../lib/api/routes';
import { outcomeCells } from '../../lib/data/outcomes';
import { today } from '../../lib/deps';
import { asOfViolations, outcomeReport } from '../../lib/domain/outcomes';
import { httpHandler } from '../../lib/http/handler';
import { outcomesPage } from '../../lib/report/outcomes-page';
import { BadRequest } from '../../lib/http/problems';

export const handler = httpHandler(routes.getOutcomesReport, async ({ query, deps }) => {
  const { asOf: requested, ...filter } = query;
  const asOf = today(deps);
  const violations = asOfViolations(requested, asOf);
  if (violations.length > 0) throw new BadRequest(violations);
  const report = outcomeReport(await outcomeCells(deps.db, filter.cohort), filter, deps.config.outcomesK);
  return {
    status: 200,
    body: outcomesPage(report, { asOf, filter }),
    // Nothing on the page may load or run anything: it is only markup, styles and SVG.
    headers: { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" },
  };
});
