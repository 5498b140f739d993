import { pageRequest } from '../../data/pages';
import { listVisits as visitsOf } from '../../data/visits';
import type { Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import type { PageQuery } from '../caller';

/** A page of the child's visits. */
export const listVisits = (deps: Deps, input: { child: Checked<Child>; query: PageQuery }) =>
  visitsOf(deps.db, input.child.childId, pageRequest(input.query, deps.config.maxPageSize));
