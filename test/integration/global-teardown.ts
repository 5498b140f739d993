import type { DynamoDbLocal } from '../../local/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  await Promise.all(((globalThis as { __dynamodbLocals?: DynamoDbLocal[] }).__dynamodbLocals ?? []).map((database) => database.stop()));
}
