import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTokenVerifier, remoteKeys, type TokenVerifier } from './auth/tokens';
import { systemClock, type Clock } from './clock';
import { loadConfig, type Config } from './config';
import { createDb, type Db } from './data/db';
import { monotonicFactory } from 'ulidx';
import type { Stamp } from './domain/case';
import { todayIn, type IsoDate } from './domain/dates';

/** What a handler needs from the world, built once per Lambda container (or per local runtime). */
export interface Deps {
  config: Config;
  clock: Clock;
  db: Db;
  verifyToken: TokenVerifier;
}

export function dynamoClientFor(config: Config): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
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

function depsFromEnvironment(): Deps {
  const config = loadConfig();
  const { jwksUrl } = config.auth;
  if (!jwksUrl) throw new Error('AUTH_JWKS_URL is not configured');
  return {
    config,
    clock: systemClock,
    db: createDb(documentClientFor(dynamoClientFor(config)), config.tableName),
    verifyToken: createTokenVerifier({ ...config.auth, keys: remoteKeys(jwksUrl) }),
  };
}

let current: Deps | undefined;

export function getDeps(): Deps {
  current ??= depsFromEnvironment();
  return current;
}

/** The local runtime and tests install their own clock, endpoint and token keys here. */
export function setDeps(deps: Deps): void {
  current = deps;
}

export function today(deps: Pick<Deps, 'clock' | 'config'>): IsoDate {
  return todayIn(deps.config.timeZone, deps.clock.now());
}

/** The time and id source of one write: one instant for every record it touches, ids in creation order. */
export function stamp(deps: Pick<Deps, 'clock' | 'config'>): Stamp {
  const now = deps.clock.now();
  const ulid = monotonicFactory();
  return { at: now.toISOString(), newId: () => ulid(now.getTime()), policy: deps.config.policy };
}
