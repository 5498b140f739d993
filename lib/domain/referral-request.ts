import type { Child, Stamp, Violation } from './case';
import { hasActiveConsent, type Consent } from './consent';
import { daysBetween, type IsoDate } from './dates';
import type { Actor, Flag } from './flags';
import type { Referral, ReferralBasis, ReferralInput } from './referrals';

/** Bad input the schema cannot see (400). */
export function referralViolations(
  input: ReferralInput,
  today: IsoDate,
  answered: Pick<Flag, 'childId' | 'status'> | undefined,
  principal: { role: string },
): Violation[] {
  const violations: Violation[] = [];
  if (daysBetween(today, input.dueBy) < 0) violations.push({ path: 'body.dueBy', message: 'must not be in the past' });
  if (input.municipalityId && input.providerKind !== 'municipality') {
    violations.push({ path: 'body.municipalityId', message: 'names the municipality asked, only for a municipal service' });
  }
  if (input.inHouse && (input.providerKind === 'municipality' || input.consentOverride)) {
    violations.push({ path: 'body.inHouse', message: 'a service of your own organisation is not municipal and needs no override' });
  }
  if (input.consentOverride && principal.role !== 'supervisor') {
    violations.push({ path: 'body.consentOverride', message: 'only a supervisor may refer without consent' });
  }
  if (input.flagId && !answered) violations.push({ path: 'body.flagId', message: 'names no flag of this child' });
  return violations;
}

/**
 * What the referral rests on, or why it cannot be made (409): a provider outside the organisation receives the
 * child's data only with an active `referral` consent, or a supervisor's override with a reason.
 */
export function referralBasis(
  input: Pick<ReferralInput, 'inHouse' | 'consentOverride'>,
  consents: readonly Consent[],
  actor: Actor,
  moment: { day: IsoDate; at: string },
): ReferralBasis | { conflict: string } {
  if (input.inHouse) return { kind: 'in_house' };
  const consent = consents.find((c) => hasActiveConsent([c], 'referral', moment));
  if (consent) return { kind: 'consent', consentId: consent.consentId };
  if (input.consentOverride) return { kind: 'override', by: actor.by, role: actor.role, reason: input.consentOverride.reason };
  return {
    conflict:
      'A referral outside the organisation needs the child’s active referral consent: record it (POST /children/{childId}/consents), ' +
      'or a supervisor may refer with a reason (consentOverride).',
  };
}

export function requestReferral(
  child: Pick<Child, 'childId' | 'municipalityId'>,
  input: ReferralInput,
  basis: ReferralBasis,
  actor: Actor,
  today: IsoDate,
  stamp: Stamp,
): Referral {
  const { consentOverride: _override, municipalityId, inHouse, ...asked } = input;
  return {
    referralId: stamp.newId(),
    childId: child.childId,
    municipalityId: municipalityId ?? child.municipalityId,
    childMunicipalityId: child.municipalityId,
    ...asked,
    inHouse: inHouse ?? false,
    status: 'requested',
    requestedOn: today,
    requestedAt: stamp.at,
    basis,
    history: [{ action: 'requested', at: stamp.at, ...actor }],
    updatedAt: stamp.at,
  };
}
