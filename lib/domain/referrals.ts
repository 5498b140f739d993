import type { Child, Stamp, Violation } from './case';
import { hasActiveConsent, type Consent } from './consent';
import { daysBetween, type IsoDate } from './dates';
import type { Domain } from './domains';
import { flagSubject, raiseFlag, type Actor, type Flag } from './flags';

/**
 * Referrals (DESIGN.md v2, "Referrals, consent and the reintegration plan"): a service asked of a provider for a
 * child, followed from the request to its delivery, every change kept with who, in which role, when and why.
 */
export const REFERRAL_SERVICES = [
  'psychosocial',
  'legal_aid',
  'compensation',
  'interpretation',
  'housing',
  'education',
  'health',
  'vocational',
  'family_support',
  'other',
] as const;
export type ReferralService = (typeof REFERRAL_SERVICES)[number];

export const PROVIDER_KINDS = ['municipality', 'ngo', 'health', 'school', 'other'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const REFERRAL_STATUSES = ['requested', 'accepted', 'declined', 'delivered', 'not_delivered', 'cancelled'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** What a person does to a referral after the request; each names the status it leads to. */
export const REFERRAL_MOVES = {
  accept: 'accepted',
  decline: 'declined',
  deliver: 'delivered',
  notDeliver: 'not_delivered',
  cancel: 'cancelled',
} as const satisfies Record<string, ReferralStatus>;
export type ReferralMove = keyof typeof REFERRAL_MOVES;

/** From which statuses each move is legal: requested → accepted | declined → delivered | not_delivered; the worker may cancel until it is settled. */
const LEGAL_FROM: Record<ReferralMove, readonly ReferralStatus[]> = {
  accept: ['requested'],
  decline: ['requested'],
  deliver: ['accepted'],
  notDeliver: ['accepted'],
  cancel: ['requested', 'accepted'],
};

/** The moves that need a reason: a refusal, a failure or a cancellation is never left unexplained. */
const NEEDS_REASON: readonly ReferralMove[] = ['decline', 'notDeliver', 'cancel'];

export const REFERRAL_ACTIONS = ['requested', 'accepted', 'declined', 'delivered', 'not_delivered', 'cancelled'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

export interface ReferralEvent extends Actor {
  action: ReferralAction;
  at: string;
  reason?: string;
}

/**
 * On what the referral was made: the child's active `referral` consent, a supervisor's override with a reason,
 * or nothing needed (a service of the child's own organisation).
 */
export type ReferralBasis =
  | { kind: 'consent'; consentId: string }
  | { kind: 'override'; by: string; role: string; reason: string }
  | { kind: 'in_house' };

export interface Referral {
  referralId: string;
  childId: string;
  /** The municipality the referral is counted for: the provider's when it is a municipal service, else the child's. */
  municipalityId: string;
  /** Where the child lived when referred: a municipal service sees the referral while the child still lives there. */
  childMunicipalityId: string;
  domain: Domain;
  service: ReferralService;
  providerKind: ProviderKind;
  inHouse: boolean;
  dueBy: IsoDate;
  note?: string;
  /** The flag the referral answers, of the same child. */
  flagId?: string;
  status: ReferralStatus;
  requestedOn: IsoDate;
  requestedAt: string;
  basis: ReferralBasis;
  deliveredOn?: IsoDate;
  history: ReferralEvent[];
  /** Set when the sweep raised its `referral_overdue` flag: the referral leaves the deadline index, flagged once. */
  overdueFlaggedAt?: string;
  updatedAt: string;
}

export interface ReferralInput {
  domain: Domain;
  service: ReferralService;
  providerKind: ProviderKind;
  /** The municipality asked, for a municipal service; the child's when absent. */
  municipalityId?: string;
  /** A service of the child's own organisation: no data leaves it, so no consent is needed. */
  inHouse?: boolean;
  dueBy: IsoDate;
  note?: string;
  flagId?: string;
  /** A supervisor's reason to refer without the child's consent (audited). */
  consentOverride?: { reason: string };
}

/** Still waiting on the provider: requested or accepted. */
export const isPending = (status: ReferralStatus): boolean => status === 'requested' || status === 'accepted';

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
  const consent = consents.find((c) => c.scope === 'referral' && hasActiveConsent([c], 'referral', moment));
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

/** Why this move is not possible now (409), if it is not. */
export function moveConflict(referral: Pick<Referral, 'status'>, move: ReferralMove): string | undefined {
  return LEGAL_FROM[move].includes(referral.status)
    ? undefined
    : `A ${referral.status.replace('_', ' ')} referral cannot be ${REFERRAL_MOVES[move].replace('_', ' ')}.`;
}

export interface MoveInput {
  reason?: string;
  deliveredOn?: IsoDate;
}

/** Bad input for a move (400): a reason where one is owed, a delivery day that has come and is not before the request. */
export function moveViolations(referral: Pick<Referral, 'requestedOn'>, move: ReferralMove, input: MoveInput, today: IsoDate): Violation[] {
  const violations: Violation[] = [];
  if (NEEDS_REASON.includes(move) && !input.reason) violations.push({ path: 'body.reason', message: 'is required' });
  if (move === 'deliver') {
    if (!input.deliveredOn) violations.push({ path: 'body.deliveredOn', message: 'is required when delivered' });
    else if (daysBetween(input.deliveredOn, today) < 0) violations.push({ path: 'body.deliveredOn', message: 'must not be in the future' });
    else if (daysBetween(referral.requestedOn, input.deliveredOn) < 0) {
      violations.push({ path: 'body.deliveredOn', message: 'must not be before the referral was requested' });
    }
  } else if (input.deliveredOn) violations.push({ path: 'body.deliveredOn', message: 'only a delivery has a delivery day' });
  return violations;
}

/** The referral after a legal move (check `moveConflict` and `moveViolations` first). */
export function moveReferral(referral: Referral, move: ReferralMove, input: MoveInput, actor: Actor, stamp: Stamp): Referral {
  const status = REFERRAL_MOVES[move];
  return {
    ...referral,
    status,
    ...(move === 'deliver' && input.deliveredOn ? { deliveredOn: input.deliveredOn } : {}),
    history: [...referral.history, { action: status, at: stamp.at, ...actor, ...(input.reason ? { reason: input.reason } : {}) }],
    updatedAt: stamp.at,
  };
}

/** A pending referral past its due day, not yet flagged: the sweep raises `referral_overdue` for it, once. */
export const isOverdue = (referral: Pick<Referral, 'status' | 'dueBy' | 'overdueFlaggedAt'>, today: IsoDate): boolean =>
  isPending(referral.status) && !referral.overdueFlaggedAt && referral.dueBy < today;

/**
 * The `referral_overdue` flag (medium) of a pending referral past its due day, routed to the child's municipality
 * like any flag, and the referral marked so it leaves the sweep's deadline index: raised once.
 */
export function flagOverdue(
  referral: Referral,
  child: Parameters<typeof raiseFlag>[0],
  stamp: Stamp,
): { referral: Referral; raised: Flag } {
  const raised = raiseFlag(
    child,
    {
      subject: flagSubject.referralOverdue(referral.referralId),
      type: 'referral_overdue',
      severity: 'medium',
      domain: referral.domain,
      evidence: { referralId: referral.referralId, dueOn: referral.dueBy },
    },
    stamp,
  );
  return { referral: { ...referral, overdueFlaggedAt: stamp.at, updatedAt: stamp.at }, raised };
}

/** Days from the request to the delivery, for the evaluators' figures. */
export const daysToDelivery = (referral: Pick<Referral, 'requestedOn' | 'deliveredOn'>): number | undefined =>
  referral.deliveredOn ? daysBetween(referral.requestedOn, referral.deliveredOn) : undefined;

/**
 * Who records a move (403 otherwise): for a municipal service, the provider's officer accepts, declines and says
 * whether it was delivered; for any other provider the case's worker or supervisor records what the provider said.
 * Only the case's side cancels.
 */
export function moverRefusal(referral: Pick<Referral, 'providerKind'>, move: ReferralMove, role: string): string | undefined {
  const caseSide = role === 'social_worker' || role === 'supervisor';
  if (move === 'cancel') return caseSide ? undefined : 'Only the child’s worker or supervisor cancels a referral.';
  const providerSide = referral.providerKind === 'municipality' ? role === 'municipal_officer' : caseSide;
  if (providerSide) return undefined;
  return referral.providerKind === 'municipality'
    ? 'The municipality’s officer records what its service did with the referral.'
    : 'The child’s worker or supervisor records what the provider did with the referral.';
}
