import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cognitoDirectory } from './auth/cognito-directory';
import type { Directory } from './auth/directory';
import { createTokenVerifier, remoteKeys, type TokenVerifier } from './auth/tokens';
import { systemClock, type Clock } from './clock';
import { authConfig, eventBusName, jwksUrl, loadConfig, tableConfig, userPoolId, type Config, type TableConfig } from './config';
import { createDb, type Db } from './data/db';
import { newUlidFactory } from './ids';
import type { Stamp } from './domain/case';
import type { Freshness } from './domain/outcome-contribution';
import { todayIn, type IsoDate } from './domain/dates';
import { eventBridgePublisher } from './events/event-bridge';
import type { EventPublisher } from './events/events';

/** What the scheduled sweep needs: the table, the programme's rules and the time. */
export interface SweepDeps {
  config: Config;
  clock: Clock;
  db: Db;
}

/** What an authenticated route needs: the sweep's, the token verifier, and who staff are. */
export interface Deps extends SweepDeps {
  verifyToken: TokenVerifier;
  directory: Directory;
}

/** The directory of a function that was not given one: a route that uses it must declare so (`uses: ['directory']`). */
const notGivenDirectory: Directory = {
  find: () => Promise.reject(new Error('this function was not given the directory (USER_POOL_ID)')),
};

function directoryFrom(env: NodeJS.ProcessEnv): Directory {
  const pool = userPoolId(env);
  return pool ? cognitoDirectory(pool) : notGivenDirectory;
}

/** What the outcome projector needs: the table, and the day and freshness rule its figures are counted for. */
export type ProjectorDeps = SweepDeps;

/** What the flag-event publisher needs: the bus, not even the table. */
export interface PublisherDeps {
  publisher: EventPublisher;
}

export function dynamoClientFor(config: Pick<TableConfig, 'dynamodbEndpoint' | 'region'>): DynamoDBClient {
  return new DynamoDBClient({
    ...(config.region ? { region: config.region } : {}),
    // DynamoDB Local accepts any credentials; fixed ones keep a developer's real AWS profile out of it.
    ...(config.dynamodbEndpoint
      ? { endpoint: config.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 4,
  });
}

export function documentClientFor(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function dbFrom(env: NodeJS.ProcessEnv): Db {
  const table = tableConfig(env);
  return createDb(documentClientFor(dynamoClientFor(table)), table.tableName);
}

/**
 * How each kind of function builds its dependencies from the environment the stack gives it, and nothing
 * more: a function is never built from configuration it is not given (test/infra/function-deps.test.ts builds
 * every synthesized function's dependencies from its template environment).
 */
export const DEPS_OF_KIND = {
  /** Health, the contract and its page: no table, no token, no settings. */
  publicRoute: (): Record<string, never> => ({}),
  route: (env: NodeJS.ProcessEnv): Deps => ({
    config: loadConfig(env),
    clock: systemClock,
    db: dbFrom(env),
    verifyToken: createTokenVerifier({ ...authConfig(env), keys: remoteKeys(jwksUrl(env)) }),
    directory: directoryFrom(env),
  }),
  sweep: (env: NodeJS.ProcessEnv): SweepDeps => ({ config: loadConfig(env), clock: systemClock, db: dbFrom(env) }),
  projector: (env: NodeJS.ProcessEnv): ProjectorDeps => ({ config: loadConfig(env), clock: systemClock, db: dbFrom(env) }),
  publisher: (env: NodeJS.ProcessEnv): PublisherDeps => ({
    publisher: eventBridgePublisher(eventBusName(env)),
  }),
} as const;

export type FunctionKind = keyof typeof DEPS_OF_KIND;
type DepsOf<K extends FunctionKind> = ReturnType<(typeof DEPS_OF_KIND)[K]>;

const built = new Map<FunctionKind, unknown>();
let installed: Deps | undefined;

/** The dependencies of this container's function, built on first use from its environment. */
export function depsOf<K extends FunctionKind>(kind: K): DepsOf<K> {
  // Installed dependencies (local runtime, tests) hold everything a route, the sweep or the projector uses; the
  // local runtime hands the publisher its outbox directly.
  if (installed && (kind === 'route' || kind === 'sweep' || kind === 'projector')) return installed as DepsOf<K>;
  if (!built.has(kind)) built.set(kind, DEPS_OF_KIND[kind](process.env));
  return built.get(kind) as DepsOf<K>;
}

/** The dependencies of an authenticated route. */
export const getDeps = (): Deps => depsOf('route');

/** The local runtime and tests install their own clock, endpoint and token keys here. */
export function setDeps(deps: Deps): void {
  installed = deps;
}

export function today(deps: Pick<SweepDeps, 'clock' | 'config'>): IsoDate {
  return todayIn(deps.config.timeZone, deps.clock.now());
}

/** The day outcome figures are counted for now, and how long a level counts. */
export function freshness(deps: Pick<SweepDeps, 'clock' | 'config'>): Freshness {
  return { asOf: today(deps), freshMonths: deps.config.freshMonths };
}

/** One id source per container (lib/ids.ts): a factory per request cost more than the ids (issue 19). */
const ulid = newUlidFactory();

/** The time and id source of one write: one instant for every record it touches, ids in creation order. */
export function stamp(deps: Pick<SweepDeps, 'clock' | 'config'>): Stamp {
  const now = deps.clock.now();
  return { at: now.toISOString(), newId: () => ulid(now.getTime()), policy: deps.config.policy };
}
