import { listAudit } from '../../data/audit';
import { pageRequest } from '../../data/pages';
import type { Deps } from '../../deps';
import type { Child } from '../../domain/case';
import type { Checked } from '../../domain/checked';
import type { PageQuery } from '../caller';

/** A page of a child's audit trail, newest first. */
export const auditTrail = (deps: Deps, input: { child: Checked<Child>; query: PageQuery }) =>
  listAudit(deps.db, input.child.childId, pageRequest(input.query, deps.config.maxPageSize));
