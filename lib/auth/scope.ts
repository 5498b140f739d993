import type { Child } from '../domain/case';
import type { Checked } from '../domain/checked';
import type { Flag } from '../domain/flags';
import type { Referral } from '../domain/referrals';
import { Conflict, NotFound } from '../http/problems';
import type { Principal } from './principal';

/**
 * Who may see which record: the rules of DESIGN.md (Who may do what, and v2 "Scope, once, by construction"),
 * written once. The shared route handler (lib/http/handler.ts) applies them to the record a route declares
 * (lib/api/route.ts `scope`); no handler calls them.
 */

export type CaseManager = Principal & { role: 'social_worker' | 'supervisor' };
export type FlagReader = Principal & { role: 'social_worker' | 'supervisor' | 'municipal_officer' };

type ChildScope = Pick<Child, 'caseWorkerId' | 'organisationId'>;

const isCaseManager = (principal: Principal): principal is CaseManager =>
  principal.role === 'social_worker' || principal.role === 'supervisor';

/**
 * A social worker's scope is their caseload within their organisation (a worker moved to another organisation
 * keeps their id and loses their former cases); a supervisor's, their organisation. Both read the child as it is
 * now: after a transfer the former worker sees nothing.
 */
export function childVisibleTo(principal: Principal, child: ChildScope): boolean {
  if (!isCaseManager(principal) || child.organisationId !== principal.organisationId) return false;
  return principal.role === 'supervisor' || child.caseWorkerId === principal.sub;
}

/**
 * An officer sees a flag routed to one of their municipalities while the child still lives there: after a
 * transfer the former municipality sees nothing, resolved flags included. A worker or supervisor sees the flags
 * of the children in their scope now.
 */
export function flagVisibleTo(principal: Principal, flag: Pick<Flag, 'municipalityId'>, child: Pick<Child, 'caseWorkerId' | 'organisationId' | 'municipalityId'>): boolean {
  if (principal.role === 'municipal_officer') {
    return principal.municipalityIds.includes(flag.municipalityId) && child.municipalityId === flag.municipalityId;
  }
  return childVisibleTo(principal, child);
}

/**
 * How a route reaches a child: to read it (break-the-glass may widen it), to change it (never), to open it in an
 * emergency, or to raise a concern about it (its case managers, and an officer of the municipality it lives in).
 */
export type ChildAccess = 'read' | 'write' | 'breakTheGlass' | 'raiseConcern';

/** Whether the caller holds unexpired emergency (break-the-glass) access to a child. */
export type EmergencyAccess = (childId: string) => Promise<boolean>;

const mint = <T>(record: T): Checked<T> => record as Checked<T>;

/**
 * The child, checked for the caller and the route's access; a child out of scope is answered exactly like one
 * that does not exist (404). Break-the-glass lets a supervisor *read* a child of another organisation while the
 * grant lasts, and never change it: no update, no reassignment, no transfer, no visit.
 */
export async function checkChild<C extends Child>(
  principal: Principal,
  child: C | undefined,
  access: ChildAccess,
  emergencyAccess: EmergencyAccess,
): Promise<Checked<C>> {
  if (!child) throw new NotFound('No such child.');
  if (access === 'raiseConcern' && principal.role === 'municipal_officer') {
    // An officer may raise a concern about a child living in one of their municipalities now, and reads nothing of it.
    if (principal.municipalityIds.includes(child.municipalityId)) return mint(child);
    throw new NotFound('No such child.');
  }
  const visible = childVisibleTo(principal, child);
  if (access === 'breakTheGlass') {
    // Only a supervisor reaches this route (the route table); the child must be outside their organisation.
    if (visible) throw new Conflict('This child is in your organisation; no emergency access is needed.');
    return mint(child);
  }
  if (visible) return mint(child);
  if (access === 'read' && principal.role === 'supervisor' && (await emergencyAccess(child.childId))) return mint(child);
  throw new NotFound('No such child.');
}

export function checkFlag<F extends Flag, C extends Child>(principal: Principal, flag: F | undefined, child: C | undefined): { flag: Checked<F>; child: Checked<C> } {
  if (!flag || !child || !flagVisibleTo(principal, flag, child)) throw new NotFound('No such flag.');
  return { flag: mint(flag), child: mint(child) };
}

/**
 * An officer sees a referral to a service of one of their municipalities, which may be another than the one the child
 * lives in, until the child moves: as with flags, a transfer ends what a municipality sees of the child, and the
 * worker refers the child again from where it lives now. A worker or supervisor sees the referrals of the children in
 * their scope now.
 */
export function referralVisibleTo(
  principal: Principal,
  referral: Pick<Referral, 'providerKind' | 'municipalityId' | 'childMunicipalityId'>,
  child: ChildScope & Pick<Child, 'municipalityId'>,
): boolean {
  if (principal.role === 'municipal_officer') {
    return (
      referral.providerKind === 'municipality' &&
      principal.municipalityIds.includes(referral.municipalityId) &&
      child.municipalityId === referral.childMunicipalityId
    );
  }
  return childVisibleTo(principal, child);
}

export function checkReferral<R extends Referral, C extends Child>(principal: Principal, referral: R | undefined, child: C | undefined): { referral: Checked<R>; child: Checked<C> } {
  if (!referral || !child || !referralVisibleTo(principal, referral, child)) throw new NotFound('No such referral.');
  return { referral: mint(referral), child: mint(child) };
}
