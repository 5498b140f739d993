import { appendFileSync } from 'node:fs';
import type { DomainEvent, EventPublisher } from '../lib/events/events';
import { logger } from '../lib/logger';

export type DeliveredEvent = DomainEvent & { deliveredAt: string };

/** How many recent events `GET /local/outbox` shows; the file keeps them all. */
const KEPT = 500;

/**
 * Where the local runtime delivers events instead of EventBridge: kept in memory for `GET /local/outbox`,
 * appended to a file when the runtime has a data folder, and logged one line each.
 */
export class LocalOutbox implements EventPublisher {
  private readonly recent: DeliveredEvent[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly file?: string) {}

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      // Streams deliver at least once; a subscriber drops repeats by id, and so does the outbox.
      if (this.seen.has(event.id)) continue;
      this.seen.add(event.id);
      const delivered = { ...event, deliveredAt: new Date().toISOString() };
      if (this.file) appendFileSync(this.file, `${JSON.stringify(delivered)}\n`);
      this.recent.push(delivered);
      if (this.recent.length > KEPT) this.recent.shift();
      logger.info('outbox', { type: event.type, id: event.id });
    }
  }

  /** Newest first. */
  list(): DeliveredEvent[] {
    return [...this.recent].reverse();
  }
}
