import { GetCommand, DynamoDBDocumentClient, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler as getChild } from '../../../functions/children/get';
import { handler as enrolChild } from '../../../functions/children/enrol';
import { testDeps, type TestDeps, invoke, storedChild } from '../handler-harness';

const ddb = mockClient(DynamoDBDocumentClient);
const worker = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' } as const;
const childId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
let given: TestDeps;

const stored = storedChild(childId, { enrolledOn: '2026-01-31' });

const enrolBody = {
  caseCode: 'SK-2',
  givenName: 'Ana',
  familyName: 'Petrova',
  birthDate: '2012-05-01',
  sex: 'female',
  municipalityId: 'skopje',
  riskLevel: 'low',
  enrolledOn: '2026-01-31',
  baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'at_risk' },
};

beforeAll(async () => {
  given = await testDeps();
});
beforeEach(() => {
  ddb.reset();
  // No flags, no checkpoints unless a test says otherwise.
  ddb.on(QueryCommand).resolves({ Items: [] });
  // Audit records of reads.
  ddb.on(PutCommand).resolves({});
});

describe('GET /children/{childId} handler', () => {
  it('reads the child and its flags with one consistent query of its partition and returns it without index keys', async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored] });
    const response = await invoke(getChild, { ...given, principal: worker, pathParameters: { childId } });
    expect(response.statusCode).toBe(200);
    expect(response.json).toMatchObject({ childId, caseCode: 'SK-1', version: 1, openFlags: [] });
    expect(response.json).not.toHaveProperty('gsi1pk');
    expect(response.json).not.toHaveProperty('pk');
    expect(response.json).not.toHaveProperty('entity');
    // The record key decides the noise of every count the child is in (issue 14): never shown, not even to its worker.
    expect(response.json).not.toHaveProperty('recordKey');
    expect(ddb).toHaveReceivedCommandTimes(QueryCommand, 1);
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 0);
    expect(ddb.commandCalls(QueryCommand)[0]!.args[0].input).toMatchObject({ ConsistentRead: true });
  });

  it('answers a child of another case worker 404, as if it did not exist', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ ...stored, caseWorkerId: 'worker-2' }] });
    const response = await invoke(getChild, { ...given, principal: worker, pathParameters: { childId } });
    expect(response.statusCode).toBe(404);
  });

  it('maps DynamoDB throttling to 503 problem details with Retry-After', async () => {
    ddb.on(QueryCommand).rejects(Object.assign(new Error('Rate exceeded for table records'), { name: 'ThrottlingException', $fault: 'client' }));
    const response = await invoke(getChild, { ...given, principal: worker, pathParameters: { childId } });
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json', 'retry-after': '2' });
  });

  it('maps any other database failure to a clean 500 that leaks no AWS message or stack', async () => {
    ddb.on(QueryCommand).rejects(Object.assign(new Error('User: arn:aws:iam::123:role/x is not authorized'), { name: 'AccessDeniedException' }));
    const response = await invoke(getChild, { ...given, principal: worker, pathParameters: { childId } });
    expect(response.statusCode).toBe(500);
    expect(response.json).toMatchObject({ status: 500, title: 'Internal error' });
    expect(response.body).not.toMatch(/arn:aws|AccessDenied|at .*\.ts/);
  });
});

describe('POST /children handler', () => {
  it('writes the child, its case code and its whole schedule in one transaction', async () => {
    ddb.on(TransactWriteCommand).resolves({});
    const response = await invoke(enrolChild, { ...given, principal: worker, body: enrolBody });
    expect(response.statusCode).toBe(201);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    const input = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input;
    // case code, child, 8 checkpoints, the audit record and the check that the municipality is known
    expect(input?.TransactItems).toHaveLength(2 + 8 + 1 + 1);
    expect(input?.TransactItems?.at(-1)).toMatchObject({
      ConditionCheck: { Key: { pk: 'MUNICIPALITIES', sk: 'MUNICIPALITY#skopje' }, ConditionExpression: expect.stringMatching(/attribute_exists/) },
    });
  });

  it('maps a failed municipality check to 400 body.municipalityId (the municipality is unknown), even when the case code is taken too', async () => {
    for (const first of ['None', 'ConditionalCheckFailed']) {
      ddb.on(TransactWriteCommand).rejects(
        new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: first }, ...Array.from({ length: 10 }, () => ({ Code: 'None' })), { Code: 'ConditionalCheckFailed' }],
        }),
      );
      const response = await invoke(enrolChild, { ...given, principal: worker, body: { ...enrolBody, municipalityId: 'nowhere' } });
      expect(response.statusCode).toBe(400);
      expect(response.json?.errors).toEqual([{ path: 'body.municipalityId', message: expect.stringMatching(/not a known municipality/) }]);
    }
  });

  it('maps a failed case-code condition to 409 Conflict', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    const response = await invoke(enrolChild, { ...given, principal: worker, body: enrolBody });
    expect(response.statusCode).toBe(409);
    expect(response.json?.detail).toBe('The case code SK-2 is already in use.');
  });

  it('never calls the database for a body that fails validation', async () => {
    const response = await invoke(enrolChild, { ...given, principal: worker, body: { ...enrolBody, riskLevel: 'extreme' } });
    expect(response.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });
});
