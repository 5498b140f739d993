import * as routes from '../../lib/api/routes/outcomes';
import { httpHandler } from '../../lib/http/handler';
import { outcomesPage } from '../../lib/report/outcomes-page';
import { outcomeFigures } from '../../lib/use-cases/outcomes/figures';

export const handler = httpHandler(routes.getOutcomesReport, async ({ query, deps }) => {
  const { asOf, filter, report } = await outcomeFigures(deps, { query });
  return {
    status: 200,
    body: outcomesPage(report, { asOf, filter }),
    // Nothing on the page may load or run anything: it is only markup, styles and SVG.
    headers: { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" },
  };
});
