import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DeleteItemCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { startStreamPoller, type StreamConsumer, type StreamPoller, type StreamPollerOptions } from '../../local/stream-poller';
import { ensureTable } from '../../local/tables';

/*
 * The poller is the local stand-in for Lambda's DynamoDB stream event source mapping, so these run it on a real
 * DynamoDB Local stream: the integration run's, a table per test. What it decides after each call is
 * local/stream-delivery.ts, unit-tested on its own (test/local/stream-delivery.test.ts).
 */
jest.setTimeout(60_000);

let endpoint: string;
let client: DynamoDBClient;
let dataDir: string;
const tables: string[] = [];
const pollers: StreamPoller[] = [];

beforeAll(async () => {
  const given = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!given) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run through the integration project');
  endpoint = given;
  client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  dataDir = mkdtempSync(path.join(tmpdir(), 'stream-poller-'));
});

afterEach(async () => {
  await Promise.all(pollers.splice(0).map((poller) => poller.stop()));
});

afterAll(async () => {
  await Promise.all(tables.map((TableName) => client.send(new DeleteTableCommand({ TableName })).catch(() => undefined)));
  client?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function newTable(): Promise<string> {
  const tableName = `poller-${randomUUID()}`;
  await ensureTable(client, tableName);
  tables.push(tableName);
  return tableName;
}

/** Writes one item per name, in order, each its own stream record. */
async function write(tableName: string, ...names: string[]): Promise<void> {
  for (const name of names) {
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: name }, sk: { S: 'ITEM' } } }));
  }
}

/** Writes one item per name, of the given entity (dynamodb-toolbox's `_et`). */
async function writeEntity(tableName: string, entity: string, ...names: string[]): Promise<void> {
  for (const name of names) {
    await client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: name }, sk: { S: 'ITEM' }, _et: { S: entity } } }));
  }
}

const nameOf = (record: DynamoDBRecord): string => record.dynamodb?.Keys?.pk?.S ?? '?';

/** Every call the consumer got, the names in its batch, and the names it completed. */
interface Calls {
  batches: string[][];
  delivered: string[];
}

async function poll(
  tableName: string,
  consumer: StreamConsumer,
  options: Partial<StreamPollerOptions> = {},
): Promise<StreamPoller> {
  // A long interval: the test's drain() drives the polling, not the timer.
  const poller = await startStreamPoller({ client, endpoint, tableName, consumer, name: 'test', intervalMs: 60_000, ...options });
  pollers.push(poller);
  return poller;
}

/** A consumer that does `onBad` when its batch holds the record named `bad`, and completes the batch otherwise. */
function consumerFailingOn(bad: string, onBad: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>) {
  const calls: Calls = { batches: [], delivered: [] };
  const consumer: StreamConsumer = async (event) => {
    const names = event.Records.map(nameOf);
    calls.batches.push(names);
    if (names.includes(bad)) return onBad(event);
    calls.delivered.push(...names);
  };
  return { calls, consumer };
}

const hangForever = (): Promise<never> => new Promise<never>(() => undefined);

describe('the local stream poller, as the event source mapping', () => {
  it('a consumer that times out is retried, then its records are parked and the rest of the shard proceeds', async () => {
    const tableName = await newTable();
    const parkedFile = path.join(dataDir, `parked-${randomUUID()}.ndjson`);
    const remaining: number[] = [];
    const { calls, consumer } = consumerFailingOn('ITEM#3', hangForever);
    const observed: StreamConsumer = (event, context) => {
      remaining.push(context.getRemainingTimeInMillis());
      return consumer(event, context);
    };
    await write(tableName, 'ITEM#1', 'ITEM#2', 'ITEM#3', 'ITEM#4', 'ITEM#5');

    const poller = await poll(tableName, observed, { timeoutMs: 300, maxAttempts: 2, parkedFile });
    await poller.drain();

    expect(poller.parked().map(nameOf)).toEqual(['ITEM#3']);
    // The record alone was tried as often as the attempts allow; the records around it were not held up.
    expect(calls.batches.filter((names) => names.length === 1 && names[0] === 'ITEM#3')).toHaveLength(2);
    expect(new Set(calls.delivered)).toEqual(new Set(['ITEM#1', 'ITEM#2', 'ITEM#4', 'ITEM#5']));
    expect(calls.delivered.indexOf('ITEM#4')).toBeGreaterThan(calls.delivered.indexOf('ITEM#2'));
    // The parked record is in the local dead-letter file, as the on-failure destination holds it in the cloud.
    const lines = readFileSync(parkedFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { consumer: string; record: DynamoDBRecord });
    expect(lines.map((line) => [line.consumer, nameOf(line.record)])).toEqual([['test', 'ITEM#3']]);
    // The handler's context tells it how long it has, as Lambda's does.
    expect(Math.max(...remaining)).toBeLessThanOrEqual(300);
    expect(Math.min(...remaining)).toBeGreaterThan(0);

    // The shard goes on: a record written later is delivered, and the parked one is not tried again.
    const before = calls.batches.length;
    await write(tableName, 'ITEM#6');
    await poller.drain();
    expect(calls.batches.slice(before)).toEqual([['ITEM#6']]);
    expect(poller.parked().map(nameOf)).toEqual(['ITEM#3']);
  });

  it('a consumer that times out once is retried, and the record is delivered rather than parked', async () => {
    const tableName = await newTable();
    let hung = 0;
    const { calls, consumer } = consumerFailingOn('ITEM#2', async (event) => {
      if (hung++ === 0) return hangForever();
      calls.delivered.push(...event.Records.map(nameOf));
    });
    await write(tableName, 'ITEM#1', 'ITEM#2', 'ITEM#3');

    const poller = await poll(tableName, consumer, { timeoutMs: 300, maxAttempts: 3 });
    await poller.drain();

    expect(poller.parked()).toEqual([]);
    expect(new Set(calls.delivered)).toEqual(new Set(['ITEM#1', 'ITEM#2', 'ITEM#3']));
  });

  it('a nudge after a write delivers it at once, however long the idle pause', async () => {
    const tableName = await newTable();
    const delivered: string[] = [];
    let arrived: () => void = () => undefined;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const consumer: StreamConsumer = async (event) => {
      delivered.push(...event.Records.map(nameOf));
      arrived();
    };
    // A minute between polls, idle or busy: only the nudge can bring the record within the 10 s below.
    const poller = await poll(tableName, consumer, { intervalMs: 60_000, idleIntervalMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the first poll has found nothing and the pause begun
    await write(tableName, 'ITEM#1');
    poller.nudge();
    await Promise.race([arrival, new Promise((_, reject) => setTimeout(() => reject(new Error('not delivered within 10 s')), 10_000))]);
    expect(delivered).toEqual(['ITEM#1']);
  });

  it('a consumer that settles within the timeout is not cut short, however near the limit', async () => {
    const tableName = await newTable();
    const delivered: string[] = [];
    const consumer: StreamConsumer = async (event, context: Context) => {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, context.getRemainingTimeInMillis() - 150)));
      delivered.push(...event.Records.map(nameOf));
    };
    await write(tableName, 'ITEM#1', 'ITEM#2');

    const poller = await poll(tableName, consumer, { timeoutMs: 400, maxAttempts: 1 });
    await poller.drain();

    expect(poller.parked()).toEqual([]);
    expect(new Set(delivered)).toEqual(new Set(['ITEM#1', 'ITEM#2']));
  });

  it.each([
    [
      'throws for its whole batch',
      async (): Promise<DynamoDBBatchResponse> => {
        throw new Error('cannot read ITEM#3');
      },
    ],
    [
      'reports the record as a batch item failure',
      async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => ({
        batchItemFailures: event.Records.filter((r) => nameOf(r) === 'ITEM#3').map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })),
      }),
    ],
  ])('a poison record (the consumer %s) is retried, then parked alone, and the rest of the shard proceeds', async (_how, onBad) => {
    const tableName = await newTable();
    const { calls, consumer } = consumerFailingOn('ITEM#3', async (event) => {
      const response = await onBad(event);
      // Whatever came before the poison record in a partly failed batch was handled.
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      const firstFailed = event.Records.findIndex((r) => failed.has(r.dynamodb!.SequenceNumber!));
      calls.delivered.push(...event.Records.slice(0, firstFailed).map(nameOf));
      return response;
    });
    await write(tableName, 'ITEM#1', 'ITEM#2', 'ITEM#3', 'ITEM#4', 'ITEM#5');

    const poller = await poll(tableName, consumer, { maxAttempts: 3 });
    await poller.drain();

    expect(poller.parked().map(nameOf)).toEqual(['ITEM#3']);
    expect(new Set(calls.delivered)).toEqual(new Set(['ITEM#1', 'ITEM#2', 'ITEM#4', 'ITEM#5']));
    // It was tried at least as often as the attempts allow, and never again once parked.
    expect(calls.batches.filter((names) => names.includes('ITEM#3')).length).toBeGreaterThanOrEqual(3);
    expect(calls.batches.at(-1)).not.toContain('ITEM#3');
    const before = calls.batches.length;
    await write(tableName, 'ITEM#6');
    await poller.drain();
    expect(calls.batches.slice(before)).toEqual([['ITEM#6']]);
  });

  it("the event source mapping's filter: only the named entities' new images reach the consumer, and the shard moves past the rest", async () => {
    const tableName = await newTable();
    const positionFile = path.join(dataDir, `positions-${randomUUID()}.json`);
    const batches: string[][] = [];
    const consumer: StreamConsumer = async (event) => {
      batches.push(event.Records.map((r) => `${r.eventName} ${nameOf(r)}`));
    };
    await writeEntity(tableName, 'Flag', 'FLAG#1');
    await writeEntity(tableName, 'AuditRecord', 'AUDIT#1');
    await writeEntity(tableName, 'Flag', 'FLAG#2');
    // A removal has no new image: the cloud's filter on NewImage never matches it.
    await client.send(new DeleteItemCommand({ TableName: tableName, Key: { pk: { S: 'FLAG#1' }, sk: { S: 'ITEM' } } }));

    const first = await poll(tableName, consumer, { entities: new Set(['Flag']), positionFile });
    await first.drain();
    expect(batches.flat()).toEqual(['INSERT FLAG#1', 'INSERT FLAG#2']);

    // The saved position is past the records passed over: a poller without the filter, restarted on it, gets only
    // what is written next.
    await first.stop();
    const unfiltered = await poll(tableName, consumer, { positionFile });
    await writeEntity(tableName, 'AuditRecord', 'AUDIT#2');
    await unfiltered.drain();
    expect(batches).toEqual([['INSERT FLAG#1', 'INSERT FLAG#2'], ['INSERT AUDIT#2']]);
  });
});
