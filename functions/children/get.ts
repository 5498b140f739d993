import * as routes from '../../lib/api/routes/children';
import { isUnresolved } from '../../lib/domain/flags';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getChild, async ({ records: { child, flags } }) => {
  const openFlags = flags.filter(isUnresolved).sort((a, b) => b.raisedAt.localeCompare(a.raisedAt));
  return { status: 200, body: { ...child, openFlags } };
});
