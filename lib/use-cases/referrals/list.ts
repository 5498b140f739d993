import type { Principal } from '../../auth/principal';
import { referralVisibleTo } from '../../auth/scope';
import { auditReads } from '../../data/audit';
import { childrenOf } from '../../data/flag-inbox';
import type { ReferralShelf } from '../../data/keys';
import { pageRequest } from '../../data/pages';
import { listMunicipalReferrals } from '../../data/referrals';
import { today, type Deps } from '../../deps';
import { InvalidInput, NotPermitted } from '../../domain/errors';
import { officerReferralView } from '../../domain/referral-views';
import type { Caller, PageQuery } from '../caller';

type Officer = Extract<Principal, { role: 'municipal_officer' }>;

/** The municipality whose referrals an officer reads: the one they name, or their only one (400 with several, 403 for another). */
export function askedMunicipality(officer: Pick<Officer, 'municipalityIds'>, municipalityId: string | undefined): string {
  const { municipalityIds } = officer;
  const asked = municipalityId ?? (municipalityIds.length === 1 ? municipalityIds[0] : undefined);
  if (asked === undefined) throw new InvalidInput([{ path: 'query.municipalityId', message: 'name one of your municipalities: you serve several' }]);
  if (!municipalityIds.includes(asked)) throw new NotPermitted('That municipality is not one of yours.');
  return asked;
}

/** A page of the referrals to a municipality's services, as an officer sees them; every child's read audited. */
export async function listReferrals(
  deps: Deps,
  input: Caller<Officer> & { query: PageQuery & { municipalityId?: string | undefined; status?: ReferralShelf | undefined } },
) {
  const { principal, audit, query } = input;
  const municipalityId = askedMunicipality(principal, query.municipalityId);
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
  return { items, nextCursor: page.nextCursor };
}
