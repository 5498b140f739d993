import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { EmergencyAccessDetailSchema, FlagEventDetailSchema, VisitsDueDetailSchema, type DomainEvent } from './events';

/** The attribute dynamodb-toolbox stores each item's entity name in. */
const ENTITY_ATTRIBUTE = '_et';
const FLAG_ENTITY = 'Flag';
const GRANT_ENTITY = 'EmergencyGrant';
const REMINDER_ENTITY = 'VisitsDueReminder';

type Image = Record<string, AttributeValue> | undefined;

const itemOf = (image: Image, entity: string): Record<string, unknown> | undefined => {
  // aws-lambda's AttributeValue and the SDK's describe the same wire format.
  const item = image && unmarshall(image as Parameters<typeof unmarshall>[0]);
  return item?.[ENTITY_ATTRIBUTE] === entity ? item : undefined;
};
const flagOf = (image: Image) => itemOf(image, FLAG_ENTITY);

/** Every event one change of the table means: flag events, a new emergency grant for review, a night's reminder. */
export function domainEventsOf(record: DynamoDBRecord): DomainEvent[] {
  const reminder = record.eventName === 'INSERT' ? itemOf(record.dynamodb?.NewImage, REMINDER_ENTITY) : undefined;
  if (reminder) {
    const detail = VisitsDueDetailSchema.parse(reminder);
    return [{ type: 'VisitsDue', id: `${detail.caseWorkerId}:${detail.day}:visits-due`, detail }];
  }
  const grant = record.eventName === 'INSERT' ? itemOf(record.dynamodb?.NewImage, GRANT_ENTITY) : undefined;
  if (grant) {
    const detail = EmergencyAccessDetailSchema.parse(grant);
    return [{ type: 'EmergencyAccessGranted', id: `${detail.grantId}:granted`, detail }];
  }
  return flagEventsOf(record);
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
