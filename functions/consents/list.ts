import { routes } from '../../lib/api/routes';
import { listConsents } from '../../lib/data/consents';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.listConsents, async ({ records: { child }, deps }) => ({
  status: 200,
  body: { items: await listConsents(deps.db, child.childId) },
}));
