import * as routes from '../../lib/api/routes/outcomes';
import { httpHandler } from '../../lib/http/handler';
import { exportOutcomes } from '../../lib/use-cases/outcomes/export';

export const handler = httpHandler(routes.exportOutcomes, async ({ query, deps }) => ({
  status: 200,
  body: await exportOutcomes(deps, { query }),
  headers: { 'content-disposition': 'attachment; filename="outcomes.ndjson"' },
}));
