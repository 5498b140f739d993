import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { flagListOwner } from '../../lib/auth/access';
import { flagLists, listFlags, visibleWithChildSummaries } from '../../lib/data/flag-inbox';
import { pageRequest } from '../../lib/data/pages';
import { today } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { Forbidden } from '../../lib/http/problems';

export const handler = httpHandler(routes.listFlags, async ({ query, principal, audit, deps }) => {
  let owner = flagListOwner(principal);
  const { municipalityId } = query;
  if (owner.by === 'municipalities' && municipalityId !== undefined) {
    if (!owner.municipalityIds.includes(municipalityId)) throw new Forbidden('That municipality is not one of yours.');
    owner = { by: 'municipalities', municipalityIds: [municipalityId] };
  }
  const shelf = query.status === 'resolved' ? 'resolved' : 'active';
  const organisation = owner.by === 'municipalities' ? {} : { organisationId: owner.organisationId };
  const page = await listFlags(deps.db, flagLists(owner, shelf), { ...query, ...organisation }, pageRequest(query, deps.config.maxPageSize));
  const { items, childIds } = await visibleWithChildSummaries(deps.db, principal, page.items, today(deps));
  await auditReads(deps.db, childIds.map((childId) => audit('flag.list', childId)));
  return { status: 200, body: { items, nextCursor: page.nextCursor } };
});
