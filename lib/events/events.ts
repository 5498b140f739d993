import * as z from 'zod';
import { DOMAINS } from '../domain/domains';
import { CONCERN_TYPES, FLAG_TYPES, SEVERITIES } from '../domain/flags';
import { PROVIDER_KINDS, REFERRAL_SERVICES } from '../domain/referrals';

export const EVENT_SOURCE = 'reintegration.flags';
export const FLAG_EVENT_TYPES = ['FlagRaised', 'FlagEscalated'] as const;
export const REFERRAL_EVENT_TYPES = ['ReferralRequested', 'ReferralOverdue'] as const;
export const EVENT_TYPES = [...FLAG_EVENT_TYPES, ...REFERRAL_EVENT_TYPES, 'EmergencyAccessGranted', 'VisitsDue'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * What a subscriber (a municipality's e-mail or SMS) learns about a flag: enough to know that it must act and
 * where, never who the child is. The officer signs in to see the flag and its minimal child summary.
 */
export const FlagEventDetailSchema = z.object({
  flagId: z.string(),
  municipalityId: z.string(),
  organisationId: z.string(),
  caseWorkerId: z.string(),
  type: z.enum(FLAG_TYPES),
  /** A concern's type is a word from a list, never the note: a subscriber knows a child is missing, not who. */
  concernType: z.enum(CONCERN_TYPES).optional(),
  domain: z.enum(DOMAINS).optional(),
  severity: z.enum(SEVERITIES),
  raisedAt: z.string(),
  escalatedAt: z.string().optional(),
});
export type FlagEventDetail = z.output<typeof FlagEventDetailSchema>;

/** What a municipality's subscriber learns of a referral: the service asked and by when, never who the child is. */
export const ReferralEventDetailSchema = z.object({
  referralId: z.string(),
  municipalityId: z.string(),
  domain: z.enum(DOMAINS),
  service: z.enum(REFERRAL_SERVICES),
  providerKind: z.enum(PROVIDER_KINDS),
  dueBy: z.string(),
  requestedAt: z.string(),
  overdueFlaggedAt: z.string().optional(),
});
export type ReferralEventDetail = z.output<typeof ReferralEventDetailSchema>;

/** For the programme's review of break-the-glass: who opened which child's record, from where, until when, why. */
export const EmergencyAccessDetailSchema = z.object({
  grantId: z.string(),
  childId: z.string(),
  childOrganisationId: z.string(),
  supervisorId: z.string(),
  supervisorOrganisationId: z.string(),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.number(),
});
export type EmergencyAccessDetail = z.output<typeof EmergencyAccessDetailSchema>;

/** A case worker's nightly reminder, for their e-mail or SMS: how many visits are due, never whose. */
export const VisitsDueDetailSchema = z.object({
  caseWorkerId: z.string(),
  organisationId: z.string(),
  day: z.string(),
  dueSoon: z.number().int(),
  overdue: z.number().int(),
});
export type VisitsDueDetail = z.output<typeof VisitsDueDetailSchema>;

/** `id` is stable per event, so a subscriber can drop a redelivery. */
export type DomainEvent =
  | { type: (typeof FLAG_EVENT_TYPES)[number]; id: string; detail: FlagEventDetail }
  | { type: (typeof REFERRAL_EVENT_TYPES)[number]; id: string; detail: ReferralEventDetail }
  | { type: 'EmergencyAccessGranted'; id: string; detail: EmergencyAccessDetail }
  | { type: 'VisitsDue'; id: string; detail: VisitsDueDetail };

export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}
