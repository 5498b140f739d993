import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBRecord, DynamoDBStreamEvent, Context, DynamoDBBatchResponse } from 'aws-lambda';
import { perContainer } from '../../lib/deps/container';
import { publisherDeps } from '../../lib/deps/publisher';
import type { DomainEvent, EventPublisher } from '../../lib/events/events';
import { logger } from '../../lib/logger';
import { publishEventsOf, reportPublished } from '../../lib/use-cases/streams/publish-events';

/**
 * Publishes a batch's events; a failed record is reported back on its own, so the event source retries it and then
 * parks it. What was published is counted once the batch is done (at least once).
 */
export function flagEventsHandler(publisher: () => EventPublisher) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    logger.addContext(context);
    const published: DomainEvent[] = [];
    const publishRecord = async (record: DynamoDBRecord) => void published.push(...(await publishEventsOf(record, publisher)));
    try {
      return await processPartialResponse(event, publishRecord, processor, { context });
    } finally {
      reportPublished(published);
    }
  };
}

const deps = perContainer(publisherDeps);

export const handler = flagEventsHandler(() => deps().publisher);
