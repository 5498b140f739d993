import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { EmergencyAccessDetailSchema, FlagEventDetailSchema, ReferralEventDetailSchema, VisitsDueDetailSchema, type DomainEvent } from './events';

/** The attribute dynamodb-toolbox stores each item's entity name in. */
const ENTITY_ATTRIBUTE = '_et';
const FLAG_ENTITY = 'Flag';
const REFERRAL_ENTITY = 'Referral';

/** Entities whose new item is one event of its own: an emergency grant for review, a case worker's nightly reminder. */
const ON_INSERT: Record<string, (item: Record<string, unknown>) => DomainEvent> = {
  EmergencyGrant: (item) => {
    const detail = EmergencyAccessDetailSchema.parse(item);
    return { type: 'EmergencyAccessGranted', id: `${detail.grantId}:granted`, detail };
  },
  VisitsDueReminder: (item) => {
    const detail = VisitsDueDetailSchema.parse(item);
    return { type: 'VisitsDue', id: `${detail.caseWorkerId}:${detail.day}:visits-due`, detail };
  },
};

/** The entities whose writes are events: the stream's filter (infra/constructs/events.ts) lets no other write through. */
export const EVENT_ENTITIES = [FLAG_ENTITY, REFERRAL_ENTITY, ...Object.keys(ON_INSERT)];

type Image = Record<string, AttributeValue> | undefined;

// aws-lambda's AttributeValue and the SDK's describe the same wire format.
const itemIn = (image: Image): Record<string, unknown> | undefined => image && unmarshall(image as Parameters<typeof unmarshall>[0]);
const itemOf = (image: Image, entity: string): Record<string, unknown> | undefined => {
  const item = itemIn(image);
  return item?.[ENTITY_ATTRIBUTE] === entity ? item : undefined;
};
const flagOf = (image: Image) => itemOf(image, FLAG_ENTITY);

/** Every event one change of the table means: flag events, a new emergency grant for review, a night's reminder. */
export function domainEventsOf(record: DynamoDBRecord): DomainEvent[] {
  const inserted = record.eventName === 'INSERT' ? itemIn(record.dynamodb?.NewImage) : undefined;
  const onInsert = inserted && ON_INSERT[String(inserted[ENTITY_ATTRIBUTE])];
  return onInsert ? [onInsert(inserted)] : [...flagEventsOf(record), ...referralEventsOf(record)];
}

/**
 * A new referral to a municipal service is `ReferralRequested` (to that municipality); a referral that gained
 * `overdueFlaggedAt` is `ReferralOverdue`. Other changes (acceptance, delivery) are the municipality's own doing.
 */
export function referralEventsOf(record: DynamoDBRecord): DomainEvent[] {
  const after = itemOf(record.dynamodb?.NewImage, REFERRAL_ENTITY);
  if (!after) return [];
  const detail = ReferralEventDetailSchema.parse(after);
  if (record.eventName === 'INSERT') {
    return after.providerKind === 'municipality' ? [{ type: 'ReferralRequested', id: `${detail.referralId}:requested`, detail }] : [];
  }
  const before = itemOf(record.dynamodb?.OldImage, REFERRAL_ENTITY);
  if (record.eventName === 'MODIFY' && detail.overdueFlaggedAt && !before?.overdueFlaggedAt) {
    return [{ type: 'ReferralOverdue', id: `${detail.referralId}:overdue`, detail }];
  }
  return [];
}

/**
 * The events one change of the table means: a new flag item is `FlagRaised`, a flag that gained
 * `escalatedAt` is `FlagEscalated`. Read from the table's stream, so an event exists exactly when the write
 * committed (the stream is the outbox).
 */
export function flagEventsOf(record: DynamoDBRecord): DomainEvent[] {
  const after = flagOf(record.dynamodb?.NewImage);
  if (!after) return [];
  const detail = FlagEventDetailSchema.parse(after);
  if (record.eventName === 'INSERT') return [{ type: 'FlagRaised', id: `${detail.flagId}:raised`, detail }];
  const before = flagOf(record.dynamodb?.OldImage);
  if (record.eventName === 'MODIFY' && detail.escalatedAt && !before?.escalatedAt) {
    return [{ type: 'FlagEscalated', id: `${detail.flagId}:escalated`, detail }];
  }
  return [];
}
