import type { Stamp } from './case';
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
