import { Forbidden, NotFound } from '../http/problems';
import type { Principal, Role } from './principal';

/** Who may call a route: anyone, or the listed roles (DESIGN.md, Who may do what). */
export type RouteAccess = 'public' | readonly Role[];

export function assertRoleAllowed(access: readonly Role[], principal: Principal): void {
  if (!access.includes(principal.role)) throw new Forbidden(`The role ${principal.role} may not do this.`);
}

/** The case-management roles, narrowed so scope checks can read their organisation. */
export type CaseManager = Extract<Principal, { role: 'social_worker' | 'supervisor' }>;

export function asCaseManager(principal: Principal): CaseManager {
  if (principal.role !== 'social_worker' && principal.role !== 'supervisor') {
    throw new Forbidden(`The role ${principal.role} may not do this.`);
  }
  return principal;
}

interface ChildScope {
  caseWorkerId: string;
  organisationId: string;
}

/** A social worker's scope is their own caseload; a supervisor's, their organisation. */
export function isChildInScope(principal: CaseManager, child: ChildScope): boolean {
  return principal.role === 'supervisor'
    ? child.organisationId === principal.organisationId
    : child.caseWorkerId === principal.sub;
}

/** A child outside the caller's scope is answered exactly like one that does not exist. */
export function childInScope<C extends ChildScope>(principal: CaseManager, child: C | undefined): C {
  if (!child || !isChildInScope(principal, child)) throw new NotFound('No such child.');
  return child;
}

/** Whose caseload a list or agenda covers. */
export type CaseloadScope = { by: 'caseWorker'; caseWorkerId: string } | { by: 'organisation'; organisationId: string };

export function caseloadScope(principal: CaseManager): CaseloadScope {
  return principal.role === 'supervisor'
    ? { by: 'organisation', organisationId: principal.organisationId }
    : { by: 'caseWorker', caseWorkerId: principal.sub };
}
