import { routes } from '../../lib/api/routes';
import { auditReads } from '../../lib/data/audit';
import { childrenOf } from '../../lib/data/flag-inbox';
import { pageRequest } from '../../lib/data/pages';
import { listMunicipalReferrals } from '../../lib/data/referrals';
import { referralVisibleTo } from '../../lib/auth/scope';
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
  const visible = page.items.flatMap((referral) => {
    const child = children.get(referral.childId);
    // A child who moved away is no longer this municipality's to see (lib/auth/scope.ts).
    return child && referralVisibleTo(principal, referral, child) ? [{ referral, child }] : [];
  });
  const items = visible.map(({ referral, child }) => officerReferralView(referral, child, day));
  await auditReads(deps.db, [...new Set(visible.map(({ child }) => child.childId))].map((childId) => audit('referral.list', childId)));
  return { status: 200, body: { items, nextCursor: page.nextCursor } };
});
