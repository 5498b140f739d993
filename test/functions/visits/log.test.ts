import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler as logVisit } from '../../../functions/visits/log';
import { testDeps, type TestDeps, invoke, storedCheckpoint, storedChild } from '../handler-harness';

const ddb = mockClient(DynamoDBDocumentClient);
const worker = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' } as const;
const childId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const checkpointId = '01ARZ3NDEKTSV4RRFFQ69G5FAW';
let given: TestDeps;

const storedChildAt = (version: number) => storedChild(childId, { enrolledOn: '2026-03-12', version });

const checkpoint = storedCheckpoint(childId, checkpointId);

const body = {
  visitedOn: '2026-04-14',
  contactType: 'home',
  assessments: { housing: { level: 'at_risk' } },
  childView: { rating: 3 },
};

const cancelled = (reasons: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: reasons.map((Code) => ({ Code })),
  });

const idempotencyKey = { Key: { sk: 'IDEMPOTENCY' } };

beforeAll(async () => {
  given = await testDeps('2026-06-20T09:00:00Z');
});
beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand, idempotencyKey).resolves({});
  ddb.on(PutCommand).resolves({});
  // The case's one query: the schedule holds one checkpoint; the child has no assessments and no flags yet.
  ddb.on(QueryCommand).resolves({ Items: [checkpoint, storedChildAt(1)] });
});

const send = (headers: Record<string, string> = {}) => invoke(logVisit, { ...given, principal: worker, pathParameters: { childId }, body, headers });

describe('POST /children/{childId}/visits handler', () => {
  it('writes the visit, its assessment, the child, the checkpoint (and, as it was the schedule’s last, the next rolling one), the flag (with its locator) and the audit record in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const response = await send();
    expect(response.statusCode).toBe(201);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const items = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const kinds = items.map((i) => String((i.Put?.Item as Record<string, unknown> | undefined)?._et));
    expect(kinds.sort()).toEqual(['Assessment', 'AuditRecord', 'Checkpoint', 'Checkpoint', 'Child', 'Flag', 'FlagLocator', 'Visit']);
  });

  it('a visit whose case changed meanwhile is judged again on what was read afresh, and then written', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [checkpoint, storedChildAt(1)] })
      .resolves({ Items: [checkpoint, storedChildAt(2)] });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled(['ConditionalCheckFailed', 'None'])).resolves({});
    const response = await send();
    expect(response.statusCode).toBe(201);
    const calls = ddb.commandCalls(TransactWriteCommand);
    expect(calls).toHaveLength(2);
    const childPut = (call: (typeof calls)[number]) =>
      call.args[0].input.TransactItems!.find((i) => (i.Put?.Item as Record<string, unknown>)._et === 'Child')!.Put!;
    expect(childPut(calls[1]!).Item).toMatchObject({ version: 3 });
  });

  it('gives up after three attempts when the case keeps changing: 503 with Retry-After, the request itself was fine', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed']));
    const response = await send();
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': expect.any(String) });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 3);
  });

  it('a duplicate that loses the race inside the transaction answers with the winner’s stored answer', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const winner = await send({ 'idempotency-key': 'k-1' });
    expect(winner.statusCode).toBe(201);
    const record = ddb
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.find((i) => (i.Put?.Item as Record<string, unknown>)._et === 'IdempotencyRecord')!.Put!.Item;

    ddb.on(GetCommand, idempotencyKey).resolvesOnce({}).resolves({ Item: record });
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None']));
    const loser = await send({ 'idempotency-key': 'k-1' });
    expect(loser.statusCode).toBe(201);
    expect(loser.headers).toMatchObject({ 'idempotent-replayed': 'true' });
    expect(loser.json).toEqual(winner.json);
    // A replay is audited like the first request, marked as such, and only after the child was found in scope.
    expect(ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item)).toEqual([
      expect.objectContaining({ _et: 'AuditRecord', action: 'visit.create', outcome: 'replayed', childId }),
    ]);
  });

  it('a transaction cancelled by another transaction on the same items is judged again and written', async () => {
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled(['None', 'TransactionConflict'])).resolves({});
    const response = await send();
    expect(response.statusCode).toBe(201);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
  });

  it('throttling that outlasts the SDK retries is 503 with Retry-After and no AWS message', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('Throughput exceeded for table records'), { name: 'ThrottlingException', $fault: 'client' }));
    const response = await send();
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'retry-after': expect.any(String) });
    expect(response.body).not.toMatch(/Throughput|records|Exception/);
  });

  it('bad input never reaches DynamoDB', async () => {
    const response = await invoke(logVisit, { ...given, principal: worker, pathParameters: { childId }, body: { ...body, visitedOn: '2026-02-30' } });
    expect(response.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });
});
