import { caseloadScope } from '../../auth/access';
import type { CaseManager } from '../../auth/scope';
import { auditReads } from '../../data/audit';
import { listCaseload } from '../../data/cases';
import { pageRequest } from '../../data/pages';
import type { Deps } from '../../deps';
import type { ChildStatus } from '../../domain/case';
import type { Caller, PageQuery } from '../caller';

/** A page of the caller's caseload (a worker's own, a supervisor's organisation), each child's read audited. */
export async function listChildren(deps: Deps, input: Caller<CaseManager> & { query: PageQuery & { status: ChildStatus } }) {
  const { principal, audit, query } = input;
  const page = await listCaseload(deps.db, caseloadScope(principal), query.status, pageRequest(query, deps.config.maxPageSize));
  await auditReads(deps.db, page.items.map((child) => audit('child.list', child.childId)));
  return page;
}
