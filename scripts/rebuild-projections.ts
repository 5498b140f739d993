import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../lib/clock';
import { projectorConfig, tableConfig } from '../lib/config';
import { createDb } from '../lib/data/db';
import { rebuildOutcomes } from '../lib/data/outcomes-rebuild';
import { freshness } from '../lib/deps';
import { documentClientFor, dynamoClientFor } from '../lib/deps/dynamodb';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { localEnvironment } from '../local/environment';
import { ensureTable } from '../local/tables';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * `npm run rebuild-projections`: recomputes the outcome projection from the records. With DYNAMODB_ENDPOINT
 * (or in the cloud, with AWS credentials and TABLE_NAME) it works on that table; otherwise on the local
 * runtime's data in DATA_DIR, which must not be running meanwhile (DynamoDB Local opens its files alone).
 */
async function main(): Promise<void> {
  const local = process.env.DYNAMODB_ENDPOINT || process.env.AWS_EXECUTION_ENV || process.env.REBUILD_IN_AWS
    ? undefined
    : await (async () => {
        const dbPath = path.resolve(process.env.DATA_DIR ?? '.data', 'dynamodb');
        mkdirSync(dbPath, { recursive: true });
        return startDynamoDbLocal({ dbPath });
      })();
  try {
    const env = localEnvironment(process.env, local ? { DYNAMODB_ENDPOINT: local.endpoint } : {});
    const config = tableConfig(env);
    const client = dynamoClientFor(config);
    // A data folder the runtime never started on has no table yet: an empty one rebuilds to nothing.
    if (local) await ensureTable(client, config.tableName);
    const db = createDb(documentClientFor(client), config.tableName);
    // Figures are counted for today, by the programme's freshness rule, as the stream consumer counts them.
    const report = await rebuildOutcomes(db, freshness({ config: projectorConfig(env), clock: systemClock }));
    console.log(JSON.stringify(report));
  } finally {
    await local?.stop();
  }
}

main().catch((error: unknown) => {
  console.error('rebuild failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
