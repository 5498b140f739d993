import * as routes from '../../lib/api/routes/consents';
import { httpHandler } from '../../lib/http/handler';
import { listConsents } from '../../lib/use-cases/consents/list';

export const handler = httpHandler(routes.listConsents, async ({ records: { child }, deps }) => ({
  status: 200,
  body: await listConsents(deps, { child }),
}));
