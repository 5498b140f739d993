import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { batchesOf } from '../concurrency';
import { EVENT_SOURCE, type DomainEvent, type EventPublisher } from './events';

/** PutEvents takes at most ten entries. */
const BATCH = 10;

/**
 * Loaded on the first publish, not with the function: a batch with no flag event publishes nothing, and the client
 * cost every cold start tens of milliseconds (issue 19).
 */
const eventBridgeSdk = () => import('@aws-sdk/client-eventbridge');

export function eventBridgePublisher(eventBusName: string, given?: EventBridgeClient): EventPublisher {
  let client = given;
  return {
    async publish(events: readonly DomainEvent[]) {
      const sdk = await eventBridgeSdk();
      client ??= new sdk.EventBridgeClient({});
      for (const batch of batchesOf(events, BATCH)) {
        const entries = batch.map((event) => ({
          EventBusName: eventBusName,
          Source: EVENT_SOURCE,
          DetailType: event.type,
          Detail: JSON.stringify({ ...event.detail, eventId: event.id }),
        }));
        const { FailedEntryCount = 0 } = await client.send(new sdk.PutEventsCommand({ Entries: entries }));
        // Failing the record makes the stream deliver it again; subscribers drop repeats by eventId.
        if (FailedEntryCount > 0) throw new Error(`EventBridge refused ${FailedEntryCount} of ${entries.length} events`);
      }
    },
  };
}
