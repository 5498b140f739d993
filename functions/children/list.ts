import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { caseloadScope } from '../../lib/auth/access';
import { listCaseload } from '../../lib/data/cases';
import { pageRequest } from '../../lib/data/pages';
import { httpHandler } from '../../lib/http/handler';

export const handler = httpHandler(routes.listChildren, async ({ query, principal, audit, deps }) => {
  const scope = caseloadScope(principal);
  const page = await listCaseload(deps.db, scope, query.status, pageRequest(query, deps.config.maxPageSize));
  await auditReads(deps.db, page.items.map((child) => audit('child.list', child.childId)));
  return { status: 200, body: page };
});
