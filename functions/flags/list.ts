import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { asFlagReader, flagListOwner } from '../../lib/auth/access';
import { flagLists, listFlags, withChildSummaries } from '../../lib/data/flag-inbox';
import { pageRequest } from '../../lib/data/pages';
import { today } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { Forbidden } from '../../lib/http/problems';

export const handler = httpHandler(routes.listFlags, async ({ query, principal, audit, deps }) => {
  const reader = asFlagReader(principal);
  let owner = flagListOwner(reader);
  const { municipalityId } = query;
  if (owner.by === 'municipalities' && municipalityId !== undefined) {
    if (!owner.municipalityIds.includes(municipalityId)) throw new Forbidden('That municipality is not one of yours.');
    owner = { by: 'municipalities', municipalityIds: [municipalityId] };
  }
  const shelf = query.status === 'resolved' ? 'resolved' : 'active';
  const page = await listFlags(deps.db, flagLists(owner, shelf), query, pageRequest(query, deps.config.maxPageSize));
  const items = await withChildSummaries(deps.db, page.items, today(deps));
  await auditReads(deps.db, [...new Set(items.map((flag) => flag.childId))].map((childId) => audit('flag.list', childId)));
  return { status: 200, body: { items, nextCursor: page.nextCursor } };
});
