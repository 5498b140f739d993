import { routes } from '../../lib/api/routes';
import { outcomesFor } from '../../lib/data/outcomes';
import { today } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { outcomesPage } from '../../lib/report/outcomes-page';

export const handler = httpHandler(routes.getOutcomesReport, async ({ query, deps }) => {
  const { asOf, filter, report } = await outcomesFor(deps.db, query, today(deps), deps.config.disclosure);
  return {
    status: 200,
    body: outcomesPage(report, { asOf, filter }),
    // Nothing on the page may load or run anything: it is only markup, styles and SVG.
    headers: { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" },
  };
});
