import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { auditItem, auditReads, TRANSACTION_ITEMS } from '../../../lib/data/audit';
import { createDb } from '../../../lib/data/db';
import { documentClientFor } from '../../../lib/deps/dynamodb';
import { auditor } from '../../../lib/domain/audit';

const ddb = mockClient(DynamoDBDocumentClient);
const db = createDb(documentClientFor(new DynamoDBClient({ region: 'eu-central-1' })), 'records');
const audit = auditor({ sub: 'worker-1', role: 'social_worker' }, 'request-1', '2026-06-15T10:00:00.000Z');
const entries = (count: number) => Array.from({ length: count }, (_, i) => audit('child.list', `child-${i}`));
const isNew = { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'pk' } };

beforeEach(() => {
  ddb.reset();
  ddb.on(PutCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
});

describe('the audit records of a read (append-only: each put on the condition that it is new)', () => {
  it('one record is one conditional put', async () => {
    const [entry] = entries(1);
    await auditReads(db, [entry!]);
    expect(ddb).toHaveReceivedCommandTimes(PutCommand, 1);
    expect(ddb).toHaveReceivedCommandWith(PutCommand, { TableName: 'records', Item: auditItem(db, entry!), ...isNew });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('a page’s records go in one round trip, a transaction in which every record keeps its own condition', async () => {
    const page = entries(25);
    await auditReads(db, page);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems).toEqual(
      page.map((entry) => ({ Put: { TableName: 'records', Item: auditItem(db, entry), ...isNew } })),
    );
  });

  it('more records than a transaction takes go in as many transactions as needed, none left out', async () => {
    const many = entries(TRANSACTION_ITEMS + 1);
    await auditReads(db, many);
    const written = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input.TransactItems ?? []);
    expect(written.map((items) => items.length)).toEqual([TRANSACTION_ITEMS, 1]);
    expect(written.flat().map((item) => item.Put?.Item?.childId)).toEqual(many.map((entry) => entry.childId));
  });

  it('nothing to record writes nothing', async () => {
    await auditReads(db, []);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a refused transaction fails the read: no answer without its records', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException' }));
    await expect(auditReads(db, entries(3))).rejects.toThrow('Transaction cancelled');
  });
});
