import { flagListOwner, type FlagListOwner } from '../../auth/access';
import type { FlagReader } from '../../auth/scope';
import { auditReads } from '../../data/audit';
import { flagLists, listFlags as flagsOn, visibleWithChildSummaries, type FlagFilters } from '../../data/flag-inbox';
import { pageRequest } from '../../data/pages';
import { today, type Deps } from '../../deps';
import { NotPermitted } from '../../domain/errors';
import type { Caller, PageQuery } from '../caller';

/**
 * Which lists a reader's query reads: their own flags (a worker's caseload, a supervisor's organisation, an
 * officer's municipalities), narrowed to one municipality an officer names and never widened (403 for another);
 * resolved flags are a shelf of their own. A worker's or supervisor's lists are kept to their organisation now.
 */
export function flagListing(reader: FlagReader, query: Pick<FlagFilters, 'municipalityId' | 'status'>) {
  let owner: FlagListOwner = flagListOwner(reader);
  const { municipalityId } = query;
  if (owner.by === 'municipalities' && municipalityId !== undefined) {
    if (!owner.municipalityIds.includes(municipalityId)) throw new NotPermitted('That municipality is not one of yours.');
    owner = { by: 'municipalities', municipalityIds: [municipalityId] };
  }
  const shelf = query.status === 'resolved' ? ('resolved' as const) : ('active' as const);
  const organisation = owner.by === 'municipalities' ? {} : { organisationId: owner.organisationId };
  return { owner, shelf, organisation };
}

/** A page of the reader's flags, each as their role sees it, with the child's summary; every child's read audited. */
export async function listFlags(deps: Deps, input: Caller<FlagReader> & { query: PageQuery & FlagFilters }) {
  const { principal, audit, query } = input;
  const { owner, shelf, organisation } = flagListing(principal, query);
  const page = await flagsOn(deps.db, flagLists(owner, shelf), { ...query, ...organisation }, pageRequest(query, deps.config.maxPageSize));
  const { items, childIds } = await visibleWithChildSummaries(deps.db, principal, page.items, today(deps));
  await auditReads(deps.db, childIds.map((childId) => audit('flag.list', childId)));
  return { items, nextCursor: page.nextCursor };
}
