import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local';

/**
 * One in-memory DynamoDB Local per jest worker for the whole integration run; each test file uses its own table
 * (worker-database.ts hands a worker its instance). Not one shared by the workers: DynamoDB Local's streams answer
 * one process's pollers with TrimmedDataAccessException while another process writes to the same instance.
 */
export default async function globalSetup(globalConfig: { maxWorkers: number }): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const databases = await Promise.all(Array.from({ length: Math.max(1, globalConfig.maxWorkers) }, () => startDynamoDbLocal({ inMemory: true, shortRun: true })));
  process.env.TEST_DYNAMODB_ENDPOINTS = databases.map((database) => database.endpoint).join(' ');
  (globalThis as { __dynamodbLocals?: DynamoDbLocal[] }).__dynamodbLocals = databases;
}
