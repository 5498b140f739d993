import { systemClock } from '../clock';
import { projectorConfig } from '../config';
import type { ProjectorDeps } from '../deps';
import { dbFrom } from './dynamodb';

/** The outcome projector's dependencies: the table, the programme's time zone and freshness rule. */
export function projectorDeps(env: NodeJS.ProcessEnv): ProjectorDeps {
  return { config: projectorConfig(env), clock: systemClock, db: dbFrom(env) };
}
