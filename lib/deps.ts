import type { Directory } from './auth/directory';
import type { TokenVerifier } from './auth/tokens';
import type { Clock } from './clock';
import type { Config, ProjectorConfig, SweepConfig } from './config';
import type { Db } from './data/db';
import { newUlidFactory } from './ids';
import type { Stamp } from './domain/case';
import type { Freshness } from './domain/outcome-contribution';
import { todayIn, type IsoDate } from './domain/dates';
import type { EventPublisher } from './events/events';

/*
 * What each kind of function is given. Each kind builds its own from the environment the stack gives it, in a module
 * of its own under lib/deps/ that imports only what that kind uses: a stream consumer or the sweep never loads the
 * token verifier (jose) or the directory. The local runtime and the tests build theirs and bind them to a handler
 * (`handler.withDeps`, the consumers' factories): nothing here is installed or global.
 */

/** What the outcome projector needs: the table, and the day and freshness rule its figures are counted for. */
export interface ProjectorDeps {
  config: ProjectorConfig;
  clock: Clock;
  db: Db;
}

/** What the scheduled sweep needs: the table, the programme's rules it applies and the time. */
export interface SweepDeps extends ProjectorDeps {
  config: SweepConfig;
}

/** What an authenticated route needs: the whole programme, the table, the token verifier, and who staff are. */
export interface Deps extends SweepDeps {
  config: Config;
  verifyToken: TokenVerifier;
  directory: Directory;
}

/** What the flag-event publisher needs: the bus, not even the table. */
export interface PublisherDeps {
  publisher: EventPublisher;
}

export function today(deps: { clock: Clock; config: Pick<Config, 'timeZone'> }): IsoDate {
  return todayIn(deps.config.timeZone, deps.clock.now());
}

/** The day outcome figures are counted for now, and how long a level counts. */
export function freshness(deps: { clock: Clock; config: ProjectorConfig }): Freshness {
  return { asOf: today(deps), freshMonths: deps.config.freshMonths };
}

/** One id source per container (lib/ids.ts): a factory per request cost more than the ids (issue 19). */
const ulid = newUlidFactory();

/** The time and id source of one write: one instant for every record it touches, ids in creation order. */
export function stamp(deps: { clock: Clock; config: Pick<Config, 'policy'> }): Stamp {
  const now = deps.clock.now();
  return { at: now.toISOString(), newId: () => ulid(now.getTime()), policy: deps.config.policy };
}
