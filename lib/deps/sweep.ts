import { systemClock } from '../clock';
import { sweepConfig } from '../config';
import type { SweepDeps } from '../deps';
import { dbFrom } from './dynamodb';

/** The scheduled sweep's dependencies: the table, and the programme variables the sweep applies. */
export function sweepDeps(env: NodeJS.ProcessEnv): SweepDeps {
  return { config: sweepConfig(env), clock: systemClock, db: dbFrom(env) };
}
