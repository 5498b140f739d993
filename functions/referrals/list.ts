import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { childrenOf } from '../../lib/data/flag-inbox';
import { pageRequest } from '../../lib/data/pages';
import { listMunicipalReferrals } from '../../lib/data/referrals';
import { today } from '../../lib/deps';
import { officerReferralView } from '../../lib/domain/referral-views';
import { httpHandler } from '../../lib/http/handler';
import { BadRequest, Forbidden } from '../../lib/http/problems';

export const handler = httpHandler(routes.listReferrals, async ({ query, principal, audit, deps }) => {
  const { municipalityIds } = principal;
  const municipalityId = query.municipalityId ?? (municipalityIds.length === 1 ? municipalityIds[0] : undefined);
  if (municipalityId === undefined) {
    throw new BadRequest([{ path: 'query.municipalityId', message: 'name one of your municipalities: you serve several' }]);
  }
  if (!municipalityIds.includes(municipalityId)) throw new Forbidden('That municipality is not one of yours.');
  const page = await listMunicipalReferrals(deps.db, municipalityId, query.status ?? 'pending', pageRequest(query, deps.config.maxPageSize));
  const children = await childrenOf(deps.db, page.items.map((referral) => referral.childId));
  const day = today(deps);
  const items = page.items.flatMap((referral) => {
    const child = children.get(referral.childId);
    return child ? [officerReferralView(referral, child, day)] : [];
  });
  await auditReads(deps.db, [...children.keys()].map((childId) => audit('referral.list', childId)));
  return { status: 200, body: { items, nextCursor: page.nextCursor } };
});
