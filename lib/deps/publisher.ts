import { eventBusName } from '../config';
import type { PublisherDeps } from '../deps';
import { eventBridgePublisher } from '../events/event-bridge';

/** The flag-event publisher's dependencies: the event bus, and nothing else. */
export function publisherDeps(env: NodeJS.ProcessEnv): PublisherDeps {
  return { publisher: eventBridgePublisher(eventBusName(env)) };
}
