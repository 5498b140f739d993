import { z } from 'zod';
import { DOMAINS } from '../domain/domains';
import { FLAG_TYPES, SEVERITIES } from '../domain/flags';

export const EVENT_SOURCE = 'reintegration.flags';
export const EVENT_TYPES = ['FlagRaised', 'FlagEscalated'] as const;
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
  domain: z.enum(DOMAINS).optional(),
  severity: z.enum(SEVERITIES),
  raisedAt: z.string(),
  escalatedAt: z.string().optional(),
});
export type FlagEventDetail = z.output<typeof FlagEventDetailSchema>;

export interface DomainEvent {
  type: EventType;
  /** Stable per event, so a subscriber can drop a redelivery. */
  id: string;
  detail: FlagEventDetail;
}

export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<void>;
}
