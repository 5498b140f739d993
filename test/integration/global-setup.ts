import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local';

/**
 * In-memory DynamoDB Locals for the whole integration run, INSTANCES_PER_WORKER of them per jest worker; each test
 * file uses its own table on one of its worker's instances, in turn (worker-database.ts). Never one shared by two
 * workers: DynamoDB Local's streams answer one process's pollers with TrimmedDataAccessException while another
 * process writes to the same instance. Several per worker because every write to a stream-enabled table costs
 * more the more stream records the instance holds, of any table, deleted or not (500 writes: 1.1 s of the JVM's
 * CPU on a fresh instance, 4.1 s after 20,000 records, 17 s after 60,000); a fresh instance per file cost as much
 * in starts as it saved.
 */
export const INSTANCES_PER_WORKER = 3;

export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const workers = Math.max(1, globalConfig.maxWorkers);
  const databases = await Promise.all(Array.from({ length: workers * INSTANCES_PER_WORKER }, () => startDynamoDbLocal({ inMemory: true })));
  process.env.TEST_DYNAMODB_ENDPOINTS = databases.map((database) => database.endpoint).join(' ');
  process.env.TEST_DYNAMODB_WORKERS = String(workers);
  // Where each worker counts the files it has run, to take its instances in turn.
  process.env.TEST_DYNAMODB_TURNS = mkdtempSync(path.join(tmpdir(), 'dynamodb-turns-'));
  (globalThis as { __dynamodbLocals?: DynamoDbLocal[] }).__dynamodbLocals = databases;
}
