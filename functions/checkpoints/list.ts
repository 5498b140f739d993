import { routes } from '../../lib/api/routes';
import { listSchedule } from '../../lib/data/checkpoints';
import { pageRequest } from '../../lib/data/pages';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.listCheckpoints, async ({ query, records: { child }, deps }) => ({
  status: 200,
  body: await listSchedule(deps.db, child.childId, pageRequest(query, deps.config.maxPageSize)),
}));
