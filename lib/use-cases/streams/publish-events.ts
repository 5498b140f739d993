import type { DynamoDBRecord } from 'aws-lambda';
import type { FlagType } from '../../domain/flags';
import type { DomainEvent, EventPublisher } from '../../events/events';
import { domainEventsOf } from '../../events/flag-events';
import { logger } from '../../logger';
import { FLAG_TYPE_DIMENSION, flushMetrics, METRIC, metrics, MetricUnit } from '../../metrics';

/** Publishes the events one stream record makes (none for most; the publisher is built only for some); answers what was published. */
export async function publishEventsOf(record: DynamoDBRecord, publisher: () => EventPublisher): Promise<DomainEvent[]> {
  const events = domainEventsOf(record);
  if (events.length === 0) return [];
  await publisher().publish(events);
  for (const event of events) logger.info('event published', { type: event.type, id: event.id });
  return events;
}

/**
 * FlagsRaised and FlagsEscalated by flag type, one EMF document per type (a document's dimensions apply to all
 * its metrics). Every flag event passes here, whoever raised the flag, so this is the one count of flags by type.
 * Counts only: the type is one of FLAG_TYPES, never an id.
 */
export function reportPublished(events: readonly DomainEvent[]): void {
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
