import { mkdirSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { JavaMissing, startDynamoDbLocal } from './dynamodb-local';
import { startLocalRuntime } from './runtime';

// The SDK's notice about future Node versions is noise for a developer running the product locally.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const settings = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    DATA_DIR: z.string().default('.data'),
  })
  .parse(process.env);

async function main(): Promise<void> {
  const dataDir = path.resolve(settings.DATA_DIR);
  mkdirSync(path.join(dataDir, 'dynamodb'), { recursive: true });

  const database = await startDynamoDbLocal({ dbPath: path.join(dataDir, 'dynamodb') });
  const server = await startLocalRuntime({
    dynamodbEndpoint: database.endpoint,
    port: settings.PORT,
    host: settings.HOST,
    dataDir,
  });

  console.log(`Reintegration tracker API   ${server.url}
API docs (try it out)       ${server.url}/docs
OpenAPI document            ${server.url}/openapi.json
Data                        ${dataDir} (DynamoDB Local at ${database.endpoint})

Get a token:
  curl -s -X POST ${server.url}/local/tokens -H 'content-type: application/json' \\
    -d '{"sub":"worker-1","role":"social_worker","organisationId":"org-1"}'
Then send it as  Authorization: Bearer <token>.   Ctrl-C stops the API and the database.`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    await server.close().catch(() => undefined);
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissing) {
    console.error(error.message);
  } else {
    console.error('The local runtime could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
