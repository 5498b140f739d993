import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBRecord, DynamoDBStreamEvent, Context, DynamoDBBatchResponse } from 'aws-lambda';
import { depsOf } from '../../lib/deps';
import type { FlagType } from '../../lib/domain/flags';
import type { DomainEvent, EventPublisher } from '../../lib/events/events';
import { domainEventsOf } from '../../lib/events/flag-events';
import { logger } from '../../lib/logger';
import { FLAG_TYPE_DIMENSION, flushMetrics, METRIC, metrics, MetricUnit } from '../../lib/metrics';

/**
 * FlagsRaised and FlagsEscalated by flag type, one EMF document per type (a document's dimensions apply to all
 * its metrics). Every flag event passes here, whoever raised the flag, so this is the one count of flags by type.
 * Counts only: the type is one of FLAG_TYPES, never an id.
 */
function reportPublished(events: readonly DomainEvent[]): void {
  const byType = new Map<FlagType, { raised: number; escalated: number }>();
  for (const event of events) {
    if (event.type !== 'FlagRaised' && event.type !== 'FlagEscalated') continue;
    const counts = byType.get(event.detail.type) ?? { raised: 0, escalated: 0 };
    if (event.type === 'FlagRaised') counts.raised += 1;
    else counts.escalated += 1;
    byType.set(event.detail.type, counts);
  }
  for (const [type, counts] of byType) {
    metrics.addDimension(FLAG_TYPE_DIMENSION, type);
    if (counts.raised > 0) metrics.addMetric(METRIC.flagsRaised, MetricUnit.Count, counts.raised);
    if (counts.escalated > 0) metrics.addMetric(METRIC.flagsEscalated, MetricUnit.Count, counts.escalated);
    flushMetrics();
  }
}

/**
 * Publishes the events of a batch of stream records (flags raised or escalated, emergency access granted, a case
 * worker's nightly reminder). A record that fails is reported back on its own,
 * so the event source retries from it and, past its retries, parks it on the dead-letter queue. What was published
 * is counted once the batch is done (a record the event source delivers again is counted again: at least once).
 */
export function flagEventsHandler(publisher: () => EventPublisher) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    // Every line this invocation logs names this function and request, as the HTTP routes' lines do.
    logger.addContext(context);
    const published: DomainEvent[] = [];
    const publishRecord = async (record: DynamoDBRecord) => {
      const events = domainEventsOf(record);
      if (events.length === 0) return;
      await publisher().publish(events);
      for (const event of events) logger.info('event published', { type: event.type, id: event.id });
      published.push(...events);
    };
    try {
      return await processPartialResponse(event, publishRecord, processor, { context });
    } finally {
      reportPublished(published);
    }
  };
}

export const handler = flagEventsHandler(() => depsOf('publisher').publisher);
