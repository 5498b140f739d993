import { randomUUID } from 'node:crypto';
import { InternalServerError, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { enrolment, startApi, worker, type ApiResponse, type TestApi } from './harness';

/**
 * DESIGN.md, "Nothing half-written": a visit, its checkpoint update and its flags land together or not at all.
 * The local runtime runs in this process and returns the dependencies it bound its handlers to, so the DynamoDB
 * document client its handlers use is `api.runtime.deps.db.table`'s. A middleware on that client, for one test at a
 * time, spoils the visit's TransactWriteItems call; everything else (reads, enrolment) goes through untouched.
 */

interface Checkpoint {
  checkpointId: string;
  status: string;
  visitId?: string;
}
interface ChildDetail {
  version: number;
  openFlags: unknown[];
  latestLevels: Record<string, { level: string; source: string }>;
}
type Timeline = { domains: Record<string, { series: Array<{ source: string }> }> };
type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

const TODAY = '2026-06-20';
const ENROLLED = '2026-03-12'; // medium risk: checkpoint 1 due 2026-04-12
const MIDDLEWARE = 'test:inject-transaction-failure';

let api: TestApi;
let token: string;

beforeAll(async () => {
  api = await startApi();
  await api.setClock(`${TODAY}T09:00:00Z`);
  token = await api.tokenFor(worker());
});
afterAll(() => api.close());
afterEach(() => {
  // A failed assertion must not leave the failure in place for the next test.
  documentClient().middlewareStack.remove(MIDDLEWARE);
});

const documentClient = () => api.runtime.deps.db.table.getDocumentClient();

/**
 * For the duration of `run`, every TransactWriteItems call that writes a visit goes through `spoil`, which sees the items the
 * data layer built (unmarshalled: the document client marshals later, at the serialize step) and either
 * changes them before they reach DynamoDB or fails instead of DynamoDB. Returns what the middleware saw.
 */
async function withFailingTransactions<T>(
  spoil: (items: TransactItems, send: (items: TransactItems) => Promise<unknown>) => Promise<unknown>,
  run: () => Promise<T>,
): Promise<{ result: T; transactions: TransactItems[] }> {
  const transactions: TransactItems[] = [];
  const client = documentClient();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Partial<TransactWriteCommandInput>;
      // Only visit transactions: the runtime's stream consumers write transactions of their own meanwhile.
      const isVisit = input.TransactItems?.some((item) => (item.Put?.Item as { _et?: string } | undefined)?._et === 'Visit');
      if (context.commandName !== 'TransactWriteItemsCommand' || !input.TransactItems || !isVisit) return next(args);
      transactions.push(input.TransactItems);
      const send = (items: TransactItems) => next({ ...args, input: { ...input, TransactItems: items } as typeof args.input });
      return (await spoil(input.TransactItems, send)) as Awaited<ReturnType<typeof next>>;
    },
    { step: 'initialize', name: MIDDLEWARE, priority: 'high' },
  );
  try {
    return { result: await run(), transactions };
  } finally {
    client.middlewareStack.remove(MIDDLEWARE);
  }
}

async function enrolChild() {
  const response = await api.request<{ child: { childId: string }; checkpoints: Checkpoint[] }>('POST', '/children', {
    token,
    body: enrolment({
      enrolledOn: ENROLLED,
      baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'at_risk' },
    }),
  });
  expect(response.status).toBe(201);
  return { childId: response.body.child.childId, checkpoint: response.body.checkpoints[0]! };
}

/** Fulfils checkpoint 1 and, housing falling from stable, raises a regression flag: a transaction of many items. */
const visitBody = (checkpointId: string) => ({
  visitedOn: '2026-04-14',
  contactType: 'home',
  assessments: { housing: { level: 'at_risk', indicators: { arrangement: 'family', safe: true } }, education: { level: 'stable' } },
  childView: { rating: 3, words: 'I miss my friends from school.' },
  notes: 'Family under financial pressure.',
  checkpointId,
});

const logVisit = (childId: string, body: unknown, key: string) =>
  api.request('POST', `/children/${childId}/visits`, { token, body, headers: { 'idempotency-key': key } });

async function stateOf(childId: string) {
  const [visits, child, schedule, timeline] = await Promise.all([
    api.request<{ items: unknown[] }>('GET', `/children/${childId}/visits?limit=100`, { token }),
    api.request<ChildDetail>('GET', `/children/${childId}`, { token }),
    api.request<{ items: Checkpoint[] }>('GET', `/children/${childId}/checkpoints?limit=100`, { token }),
    api.request<Timeline>('GET', `/children/${childId}/timeline`, { token }),
  ]);
  return { visits: visits.body.items, child: child.body, checkpoints: schedule.body.items, timeline: timeline.body };
}

/** Nothing of the visit landed: no visit, no assessment, the checkpoint open, no flag, the child untouched. */
async function expectNothingWritten(childId: string, checkpointId: string, before: Awaited<ReturnType<typeof stateOf>>) {
  const after = await stateOf(childId);
  expect(after.visits).toEqual([]);
  expect(after.child.openFlags).toEqual([]);
  expect(after.child.version).toBe(before.child.version);
  expect(after.child).toEqual(before.child);
  expect(after.checkpoints.find((c) => c.checkpointId === checkpointId)).toMatchObject({ status: 'scheduled' });
  expect(after.checkpoints.find((c) => c.checkpointId === checkpointId)?.visitId).toBeUndefined();
  expect(after.checkpoints).toEqual(before.checkpoints);
  expect(Object.values(after.timeline.domains).flatMap((d) => d.series.map((p) => p.source))).toEqual(Array(4).fill('baseline'));
}

/** Problem details that give away nothing of the database: no AWS error name or message, no stack, no table. */
function expectOpaqueProblem(response: ApiResponse, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body).toEqual(
    expect.objectContaining({ type: expect.stringMatching(/^urn:reintegration:problem:/), title: expect.any(String), status, detail: expect.any(String) }),
  );
  expect(Object.keys(response.body).sort()).toEqual(expect.arrayContaining(['detail', 'status', 'title', 'type']));
  expect(Object.keys(response.body).every((k) => ['type', 'title', 'status', 'detail', 'instance'].includes(k))).toBe(true);
  const text = JSON.stringify(response.body);
  for (const leak of [
    'Exception', 'ConditionalCheck', 'TransactionConflict', 'InternalServerError', 'cancellation', 'Cancellation',
    'ValidationException', 'parameter values', 'stack', '    at ', '.ts:', 'node_modules', 'dynamodb', 'DynamoDB',
    '#nope', 'INJECTED', api.tableName,
  ]) {
    expect(text).not.toContain(leak);
  }
}

/** Without the failure the very same request (same key, same body) is written exactly once. */
async function expectSucceedsOnceAfterwards(childId: string, checkpointId: string, key: string) {
  const first = await logVisit(childId, visitBody(checkpointId), key);
  expect(first.status).toBe(201);
  expect(first.headers.get('idempotent-replayed')).toBeNull();
  const retry = await logVisit(childId, visitBody(checkpointId), key);
  expect(retry.status).toBe(201);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  expect(retry.body).toEqual(first.body);
  const after = await stateOf(childId);
  expect(after.visits).toHaveLength(1);
  expect(after.checkpoints.find((c) => c.checkpointId === checkpointId)).toMatchObject({ status: 'completed' });
  expect(after.child.openFlags).toHaveLength(1);
}

/** An extra item whose condition can never hold, on a key nothing else uses. */
const impossibleCondition = (): TransactItems[number] => ({
  ConditionCheck: {
    TableName: api.tableName,
    Key: { pk: `INJECTED#${randomUUID()}`, sk: 'INJECTED' },
    ConditionExpression: 'attribute_exists(#nope)',
    ExpressionAttributeNames: { '#nope': 'nope' },
  },
});

describe('a visit transaction that fails leaves nothing behind', () => {
  it('DynamoDB cancels it because one item’s condition fails: 503, no part of the visit written, then it succeeds once', async () => {
    const { childId, checkpoint } = await enrolChild();
    const before = await stateOf(childId);
    const key = randomUUID();

    const { result, transactions } = await withFailingTransactions(
      (items, send) => send([...items, impossibleCondition()]),
      () => logVisit(childId, visitBody(checkpoint.checkpointId), key),
    );

    // The transaction reached DynamoDB with the whole visit in it: idempotency record, child, visit,
    // assessments, checkpoint, flag and its locator.
    expect(transactions.length).toBeGreaterThanOrEqual(1);
    expect(transactions[0]!.length).toBeGreaterThanOrEqual(8);
    // A cancellation is taken for a concurrent change to the case: read again and retried, then given up.
    expect(transactions).toHaveLength(3);
    expectOpaqueProblem(result, 503);
    expect(result.body).toMatchObject({ type: 'urn:reintegration:problem:unavailable' });
    await expectNothingWritten(childId, checkpoint.checkpointId, before);
    await expectSucceedsOnceAfterwards(childId, checkpoint.checkpointId, key);
  });

  it('DynamoDB rejects one item of it as invalid: 500 without the AWS message, nothing written, then it succeeds once', async () => {
    const { childId, checkpoint } = await enrolChild();
    const before = await stateOf(childId);
    const key = randomUUID();

    const { result, transactions } = await withFailingTransactions(
      // A Put without the table's sort key: DynamoDB refuses the whole transaction with a ValidationException.
      (items, send) => send([...items, { Put: { TableName: api.tableName, Item: { pk: `INJECTED#${randomUUID()}` } } }]),
      () => logVisit(childId, visitBody(checkpoint.checkpointId), key),
    );

    expect(transactions).toHaveLength(1);
    expectOpaqueProblem(result, 500);
    await expectNothingWritten(childId, checkpoint.checkpointId, before);
    await expectSucceedsOnceAfterwards(childId, checkpoint.checkpointId, key);
  });

  it('DynamoDB answers 500 InternalServerError: 503 with Retry-After, nothing written, then it succeeds once', async () => {
    const { childId, checkpoint } = await enrolChild();
    const before = await stateOf(childId);
    const key = randomUUID();

    const { result, transactions } = await withFailingTransactions(
      () => Promise.reject(new InternalServerError({ message: 'Internal server error (injected)', $metadata: { httpStatusCode: 500 } })),
      () => logVisit(childId, visitBody(checkpoint.checkpointId), key),
    );

    expect(transactions).toHaveLength(1);
    expectOpaqueProblem(result, 503);
    expect(result.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectNothingWritten(childId, checkpoint.checkpointId, before);
    await expectSucceedsOnceAfterwards(childId, checkpoint.checkpointId, key);
  });

  it('DynamoDB cancels it for a conflicting transaction: a 5xx problem, nothing written, then it succeeds once', async () => {
    const { childId, checkpoint } = await enrolChild();
    const before = await stateOf(childId);
    const key = randomUUID();

    const { result, transactions } = await withFailingTransactions(
      (items) =>
        Promise.reject(
          new TransactionCanceledException({
            message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${items.map((_, i) => (i === 1 ? 'TransactionConflict' : 'None')).join(', ')}]`,
            CancellationReasons: items.map((_, i) =>
              i === 1 ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' },
            ),
            $metadata: { httpStatusCode: 400 },
          }),
        ),
      () => logVisit(childId, visitBody(checkpoint.checkpointId), key),
    );

    // A transient conflict is judged again on a fresh read, three times, then answered 503 with Retry-After.
    expect(transactions.length).toBe(3);
    expect(result.status).toBe(503);
    expect(result.headers.get('retry-after')).toMatch(/^\d+$/);
    expectOpaqueProblem(result, result.status);
    await expectNothingWritten(childId, checkpoint.checkpointId, before);
    await expectSucceedsOnceAfterwards(childId, checkpoint.checkpointId, key);
  });

  it('the transaction commits but its answer is lost: 503, and the retry with the same key returns the visit, written once', async () => {
    const { childId, checkpoint } = await enrolChild();
    const key = randomUUID();

    const { result } = await withFailingTransactions(
      async (items, send) => {
        await send(items);
        throw new InternalServerError({ message: 'connection reset (injected)', $metadata: { httpStatusCode: 500 } });
      },
      () => logVisit(childId, visitBody(checkpoint.checkpointId), key),
    );
    expectOpaqueProblem(result, 503);

    const retry = await logVisit(childId, visitBody(checkpoint.checkpointId), key);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const after = await stateOf(childId);
    expect(after.visits).toHaveLength(1);
    expect(after.checkpoints.find((c) => c.checkpointId === checkpoint.checkpointId)).toMatchObject({ status: 'completed' });
    expect(after.child.openFlags).toHaveLength(1);
  });

  it('the middleware is gone afterwards: other writes of the runtime were never touched', async () => {
    const { childId, checkpoint } = await enrolChild();
    expect(documentClient().middlewareStack.identify().some((name) => name.startsWith(MIDDLEWARE))).toBe(false);
    expect((await logVisit(childId, visitBody(checkpoint.checkpointId), randomUUID())).status).toBe(201);
  });
});
