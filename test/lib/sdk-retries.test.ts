import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { tableConfig } from '../../lib/config';
import { dynamoClientFor } from '../../lib/deps/dynamodb';

/**
 * DynamoDB's throttling and 5xx answers are retried by the client every function uses (`dynamoClientFor`),
 * with backoff, up to 4 attempts; what still fails reaches the handler, which answers 503 (see
 * test/integration/fault-injection.test.ts). Proven on the real SDK against a local HTTP server that answers
 * like DynamoDB, so the retry strategy itself runs (aws-sdk-client-mock would replace it).
 */

// The SDK's backoff for throttling starts at 500 ms and doubles, with jitter: three pauses may take 3.5 s.
jest.setTimeout(20_000);

type Answer = { status: number; body: Record<string, unknown> };

const throttled: Answer = {
  status: 400,
  body: { __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' },
};
const serverError: Answer = { status: 500, body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Internal error' } };
const found: Answer = { status: 200, body: { Item: { pk: { S: 'CHILD#1' }, sk: { S: 'CHILD' } } } };

let server: Server;
let answers: Answer[] = [];
let arrivals: number[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivals.push(performance.now());
      const answer = answers.shift() ?? found;
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${arrivals.length}` });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  arrivals = [];
});

const client = () =>
  dynamoClientFor(tableConfig({ TABLE_NAME: 'records', DYNAMODB_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
const getItem = () => client().send(new GetItemCommand({ TableName: 'records', Key: { pk: { S: 'CHILD#1' }, sk: { S: 'CHILD' } } }));

describe('DynamoDB faults are retried with backoff by the functions’ client', () => {
  it('throttling that passes is retried after a pause and the call succeeds', async () => {
    answers = [throttled, throttled];
    const result = await getItem();
    expect(result.Item).toEqual({ pk: { S: 'CHILD#1' }, sk: { S: 'CHILD' } });
    expect(result.$metadata.attempts).toBe(3);
    expect(result.$metadata.totalRetryDelay).toBeGreaterThan(0);
    expect(arrivals).toHaveLength(3);
  });

  it('a 5xx that passes is retried and the call succeeds', async () => {
    answers = [serverError];
    const result = await getItem();
    expect(result.$metadata.attempts).toBe(2);
    expect(arrivals).toHaveLength(2);
  });

  it('throttling that persists gives up after 4 attempts, each after a pause, and surfaces as ThrottlingException', async () => {
    answers = [throttled, throttled, throttled, throttled, throttled];
    await expect(getItem()).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { attempts: 4 } });
    expect(arrivals).toHaveLength(4);
    const pauses = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    for (const pause of pauses) expect(pause).toBeGreaterThan(0);
    answers = [];
  });
});
