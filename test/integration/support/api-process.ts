import { startLocalRuntime } from '../../../local/runtime';

/**
 * The local API alone, in a process of its own, on a DynamoDB Local it is given: what the crash test kills with
 * SIGKILL (the way a Lambda dies mid-request) and starts again on the same data.
 */
async function main(): Promise<void> {
  const { DYNAMODB_ENDPOINT, PORT, DATA_DIR } = process.env;
  if (!DYNAMODB_ENDPOINT || !PORT || !DATA_DIR) throw new Error('DYNAMODB_ENDPOINT, PORT and DATA_DIR are required');
  const server = await startLocalRuntime({ dynamodbEndpoint: DYNAMODB_ENDPOINT, port: Number(PORT), dataDir: DATA_DIR });
  process.stdout.write(`ready ${server.url}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
