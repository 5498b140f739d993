import { routes } from '../../lib/api/routes';
import { asCaseManager, caseloadScope } from '../../lib/auth/access';
import { listCaseload } from '../../lib/data/cases';
import { pageRequest } from '../../lib/data/pages';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.listChildren, async ({ query, principal, deps }) => {
  const scope = caseloadScope(asCaseManager(principal));
  const page = await listCaseload(deps.db, scope, query.status, pageRequest(query, deps.config.maxPageSize));
  return { status: 200, body: page };
});
