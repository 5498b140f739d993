import * as routes from '../../lib/api/routes/visits';
import { httpHandler } from '../../lib/http/handler';
import { getTimeline } from '../../lib/use-cases/visits/timeline';

export const handler = httpHandler(routes.getTimeline, async ({ records: { child }, deps }) => ({
  status: 200,
  body: await getTimeline(deps, { child }),
}));
