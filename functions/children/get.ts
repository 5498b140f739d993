import { routes } from '../../lib/api/routes';
import { asCaseManager, childInScope } from '../../lib/auth/access';
import { findChild } from '../../lib/data/cases';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.getChild, async ({ path, principal, deps }) => {
  const child = childInScope(asCaseManager(principal), await findChild(deps.db, path.childId));
  return { status: 200, body: child };
});
