import type { EventBridgeClient} from '@aws-sdk/client-eventbridge';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type DomainEvent, type EventPublisher } from './events';

/** PutEvents takes at most ten entries. */
const BATCH = 10;

export function eventBridgePublisher(client: EventBridgeClient, eventBusName: string): EventPublisher {
  return {
    async publish(events: readonly DomainEvent[]) {
      for (let i = 0; i < events.length; i += BATCH) {
        const entries = events.slice(i, i + BATCH).map((event) => ({
          EventBusName: eventBusName,
          Source: EVENT_SOURCE,
          DetailType: event.type,
          Detail: JSON.stringify({ ...event.detail, eventId: event.id }),
        }));
        const { FailedEntryCount = 0 } = await client.send(new PutEventsCommand({ Entries: entries }));
        // Failing the record makes the stream deliver it again; subscribers drop repeats by eventId.
        if (FailedEntryCount > 0) throw new Error(`EventBridge refused ${FailedEntryCount} of ${entries.length} events`);
      }
    },
  };
}
