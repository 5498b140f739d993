import type { Actor } from './flags';
import type { Child, Stamp, Violation } from './case';
import { daysBetween, type IsoDate } from './dates';

/**
 * Consent (DESIGN.md v2, "Referrals, consent and the reintegration plan"): what the child or their guardian agreed
 * to, for what, from when; withdrawn from the moment it is recorded as withdrawn, never erased.
 */
export const CONSENT_SCOPES = ['municipal_sharing', 'referral', 'research'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const CONSENT_GIVERS = ['child', 'guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export interface Withdrawal extends Actor {
  at: string;
  reason?: string;
}

export interface Consent {
  consentId: string;
  childId: string;
  scope: ConsentScope;
  givenBy: ConsentGiver;
  givenOn: IsoDate;
  recordedBy: string;
  recordedRole: string;
  recordedAt: string;
  withdrawal?: Withdrawal;
}

export interface ConsentInput {
  scope: ConsentScope;
  givenBy: ConsentGiver;
  givenOn: IsoDate;
}

/** A consent is given on a day that has come, and not before the child was born. */
export function consentViolations(input: ConsentInput, child: Pick<Child, 'birthDate'>, today: IsoDate): Violation[] {
  if (daysBetween(input.givenOn, today) < 0) return [{ path: 'body.givenOn', message: 'must not be in the future' }];
  if (daysBetween(child.birthDate, input.givenOn) < 0) return [{ path: 'body.givenOn', message: "must not be before the child's birth" }];
  return [];
}

export function recordConsent(child: Pick<Child, 'childId'>, input: ConsentInput, actor: Actor, stamp: Stamp): Consent {
  return { consentId: stamp.newId(), childId: child.childId, ...input, recordedBy: actor.by, recordedRole: actor.role, recordedAt: stamp.at };
}

/** A consent is withdrawn once: a second withdrawal would rewrite when it stopped applying. */
export function withdrawalConflict(consent: Pick<Consent, 'withdrawal'>): string | undefined {
  return consent.withdrawal ? `This consent was already withdrawn at ${consent.withdrawal.at}.` : undefined;
}

export function withdrawConsent(consent: Consent, reason: string | undefined, actor: Actor, stamp: Stamp): Consent {
  return { ...consent, withdrawal: { ...actor, at: stamp.at, ...(reason ? { reason } : {}) } };
}

/**
 * Whether the child's municipal sharing stands withdrawn after a change of their consents: one was withdrawn and none
 * applies now. A child who never gave or withdrew one is shared as the programme's routing requires (DESIGN.md).
 */
export function municipalSharingWithdrawn(consents: readonly Consent[], moment: { day: IsoDate; at: string }): boolean {
  return consents.some((c) => c.scope === 'municipal_sharing' && c.withdrawal) && !hasActiveConsent(consents, 'municipal_sharing', moment);
}

/** The child as officers may now see it after a change of its consents, or undefined when that did not change. */
export function childAfterConsents(child: Child, consents: readonly Consent[], moment: { day: IsoDate; at: string }): Child | undefined {
  const withdrawn = municipalSharingWithdrawn(consents, moment);
  if (withdrawn === (child.municipalSharingWithdrawn ?? false)) return undefined;
  const { municipalSharingWithdrawn: _was, ...rest } = child;
  return { ...rest, ...(withdrawn ? { municipalSharingWithdrawn: true } : {}), version: child.version + 1, updatedAt: moment.at };
}

/**
 * Whether a consent of that scope applies at a moment (its day in the programme's time zone, and its instant): given
 * on or before that day, and not withdrawn by that instant. Withdrawal applies from the moment it was recorded;
 * what was done under the consent before stays done.
 */
export function hasActiveConsent(consents: readonly Consent[], scope: ConsentScope, moment: { day: IsoDate; at: string }): boolean {
  return consents.some((c) => c.scope === scope && c.givenOn <= moment.day && (!c.withdrawal || c.withdrawal.at > moment.at));
}
