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

/** Whether the caller holds unexpired emergency (break-the-glass) access to a child. */
export type EmergencyAccess = (childId: string) => Promise<boolean>;

/**
 * `childInScope`, widened by break-the-glass: a supervisor who stated a reason for an out-of-scope child reaches
 * it while the grant lasts. Without one the child stays exactly as absent as before (404).
 */
export async function childInReach<C extends ChildScope & { childId: string }>(
  principal: CaseManager,
  child: C | undefined,
  emergencyAccess: EmergencyAccess,
): Promise<C> {
  if (child && !isChildInScope(principal, child) && principal.role === 'supervisor' && (await emergencyAccess(child.childId))) {
    return child;
  }
  return childInScope(principal, child);
}

/** Whose caseload a list or agenda covers. */
export type CaseloadScope = { by: 'caseWorker'; caseWorkerId: string } | { by: 'organisation'; organisationId: string };

export function caseloadScope(principal: CaseManager): CaseloadScope {
  return principal.role === 'supervisor'
    ? { by: 'organisation', organisationId: principal.organisationId }
    : { by: 'caseWorker', caseWorkerId: principal.sub };
}

/** The roles that work with flags, narrowed so scope checks can read their organisation or municipalities. */
export type FlagReader = Extract<Principal, { role: 'social_worker' | 'supervisor' | 'municipal_officer' }>;

export function asFlagReader(principal: Principal): FlagReader {
  if (principal.role === 'municipal_officer') return principal;
  return asCaseManager(principal);
}

interface FlagScope extends ChildScope {
  municipalityId: string;
}

/** An officer sees the flags routed to their municipalities; a worker or supervisor, those of their children. */
export function flagInScope<F extends FlagScope>(principal: FlagReader, flag: F | undefined): F {
  const inScope =
    flag !== undefined &&
    (principal.role === 'municipal_officer' ? principal.municipalityIds.includes(flag.municipalityId) : isChildInScope(principal, flag));
  if (!inScope) throw new NotFound('No such flag.');
  return flag;
}

/** Whose flag lists a caller reads. */
export type FlagListOwner =
  | { by: 'municipalities'; municipalityIds: readonly string[] }
  | { by: 'caseWorker'; caseWorkerId: string }
  | { by: 'organisation'; organisationId: string };

export function flagListOwner(principal: FlagReader): FlagListOwner {
  if (principal.role === 'municipal_officer') return { by: 'municipalities', municipalityIds: principal.municipalityIds };
  const scope = caseloadScope(principal);
  return scope.by === 'caseWorker' ? scope : { by: 'organisation', organisationId: scope.organisationId };
}
