import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBRecord, DynamoDBStreamEvent, Context, DynamoDBBatchResponse } from 'aws-lambda';
import { depsOf } from '../../lib/deps';
import type { EventPublisher } from '../../lib/events/events';
import { domainEventsOf } from '../../lib/events/flag-events';
import { logger } from '../../lib/logger';

/**
 * Publishes the events of a batch of stream records (flags raised or escalated, emergency access granted). A record that fails is reported back on its own,
 * so the event source retries from it and, past its retries, parks it on the dead-letter queue.
 */
export function flagEventsHandler(publisher: () => EventPublisher) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  const publishRecord = async (record: DynamoDBRecord) => {
    const events = domainEventsOf(record);
    if (events.length === 0) return;
    await publisher().publish(events);
    for (const event of events) logger.info('event published', { type: event.type, id: event.id });
  };
  return (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
    processPartialResponse(event, publishRecord, processor, { context });
}

export const handler = flagEventsHandler(() => depsOf('publisher').publisher);
