import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { FlagEventDetailSchema, type DomainEvent } from './events';

/** The attribute dynamodb-toolbox stores each item's entity name in. */
const ENTITY_ATTRIBUTE = '_et';
const FLAG_ENTITY = 'Flag';

type Image = Record<string, AttributeValue> | undefined;

const flagOf = (image: Image): Record<string, unknown> | undefined => {
  // aws-lambda's AttributeValue and the SDK's describe the same wire format.
  const item = image && unmarshall(image as Parameters<typeof unmarshall>[0]);
  return item?.[ENTITY_ATTRIBUTE] === FLAG_ENTITY ? item : undefined;
};

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
