import { Forbidden } from '../http/problems';
import type { Principal, Role } from './principal';
import type { CaseManager, FlagReader } from './scope';

/** Who may call a route: anyone, or the listed roles (DESIGN.md, Who may do what). */
export type RouteAccess = 'public' | readonly Role[];

/** The caller, narrowed to the roles the route admits: a handler reads an organisation only where every admitted role has one. */
export type PrincipalOf<A extends RouteAccess> = A extends readonly Role[] ? Principal & { role: A[number] } : undefined;

export function assertRoleAllowed(access: readonly Role[], principal: Principal): void {
  if (!access.includes(principal.role)) throw new Forbidden(`The role ${principal.role} may not do this.`);
}

/**
 * Whose caseload a list or agenda covers. A worker's lists are read from their own index partition and kept to
 * their organisation (lib/data/keys.ts `scopedPartition`), as their scope on one child is (lib/auth/scope.ts).
 */
export type CaseloadScope =
  | { by: 'caseWorker'; caseWorkerId: string; organisationId: string }
  | { by: 'organisation'; organisationId: string };

export function caseloadScope(principal: CaseManager): CaseloadScope {
  return principal.role === 'supervisor'
    ? { by: 'organisation', organisationId: principal.organisationId }
    : { by: 'caseWorker', caseWorkerId: principal.sub, organisationId: principal.organisationId };
}

/** Whose flag lists a caller reads. */
export type FlagListOwner = { by: 'municipalities'; municipalityIds: readonly string[] } | CaseloadScope;

export function flagListOwner(principal: FlagReader): FlagListOwner {
  if (principal.role === 'municipal_officer') return { by: 'municipalities', municipalityIds: principal.municipalityIds };
  return caseloadScope(principal);
}
