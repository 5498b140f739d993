import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableConfig, type TableConfig } from '../config';
import { createDb, type Db } from '../data/db';

/**
 * The DynamoDB client of every function; `overrides` for the bench, which measures the product's client on a transport
 * of its own.
 */
export function dynamoClientFor(config: Pick<TableConfig, 'dynamodbEndpoint' | 'region'>, overrides: DynamoDBClientConfig = {}): DynamoDBClient {
  const client = new DynamoDBClient({
    ...(config.region ? { region: config.region } : {}),
    // DynamoDB Local accepts any credentials; fixed ones keep a developer's real AWS profile out of it.
    ...(config.dynamodbEndpoint
      ? { endpoint: config.dynamodbEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 4,
    ...overrides,
  });
  return withoutSdkLogging(client);
}

/** The name the SDK gives its logging middleware (@aws-sdk/core, `loggerMiddlewareOptions`). */
export const SDK_LOGGER_STEP = 'loggerMiddleware';

/**
 * The client without the SDK's logging step. The step walks every request and every answer, item by item, to build a
 * redacted copy for its logger, even for the default logger that discards it: a sixth of the SDK's CPU on a query.
 * Nothing here logs through the SDK (the functions log through Powertools), so the step goes.
 */
export function withoutSdkLogging<Client extends { middlewareStack: { remove(name: string): boolean } }>(client: Client): Client {
  client.middlewareStack.remove(SDK_LOGGER_STEP);
  return client;
}

export function documentClientFor(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** The table of the function's environment (TABLE_NAME, and DYNAMODB_ENDPOINT on DynamoDB Local). */
export function dbFrom(env: NodeJS.ProcessEnv): Db {
  const table = tableConfig(env);
  return createDb(documentClientFor(dynamoClientFor(table)), table.tableName);
}
