import { rmSync } from 'node:fs';
import type { DynamoDbLocal } from '../../local/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  await Promise.all(((globalThis as { __dynamodbLocals?: DynamoDbLocal[] }).__dynamodbLocals ?? []).map((database) => database.stop()));
  // The workers' turn counts (worker-database.ts).
  if (process.env.TEST_DYNAMODB_TURNS) rmSync(process.env.TEST_DYNAMODB_TURNS, { recursive: true, force: true });
}
