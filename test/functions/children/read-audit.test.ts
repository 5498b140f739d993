import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler as getChild } from '../../../functions/children/get';
import { UNKNOWN_CHILD_ATTEMPT_DAYS } from '../../../lib/data/audit';
import { testDeps, type TestDeps, invoke, storedChild } from '../handler-harness';

/** DESIGN v2 and issue 19: a read of a child is audited alongside the read, and answers only once both are durable. */
const ddb = mockClient(DynamoDBDocumentClient);
const worker = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' } as const;
const childId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const now = '2026-06-15T10:00:00Z';
let given: TestDeps;

const stored = storedChild(childId, { enrolledOn: '2026-01-31' });
const auditPuts = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input);

beforeAll(async () => {
  given = await testDeps(now);
});
beforeEach(() => {
  ddb.reset();
  ddb.on(PutCommand).resolves({});
});

describe('the read audit of GET /children/{childId}', () => {
  it('writes the audit record together with the read: the read may only finish once the record was sent', async () => {
    let auditSent: () => void = () => undefined;
    const audited = new Promise<void>((resolve) => (auditSent = resolve));
    ddb.on(PutCommand).callsFake(() => {
      auditSent();
      return {};
    });
    // A handler that wrote the record after the read would leave this query waiting, and fail.
    ddb.on(QueryCommand).callsFake(async () => {
      await Promise.race([audited, new Promise((_, reject) => setTimeout(() => reject(new Error('the audit record waited for the read')), 2_000))]);
      return { Items: [stored] };
    });
    const response = await invoke(getChild, { ...given, principal: worker, pathParameters: { childId } });
    expect(response.statusCode).toBe(200);
    expect(auditPuts()).toEqual([
      expect.objectContaining({ Item: expect.objectContaining({ pk: `AUDIT#${childId}`, action: 'child.read', by: 'worker-1' }) }),
    ]);
    expect(auditPuts()[0]!.Item).not.toHaveProperty('outcome');
  });

  it('a refused read leaves one record of the attempt, turned into a refusal, and answers nothing of the child', async () => {
    ddb.on(QueryCommand).resolves({ Items: [{ ...stored, caseWorkerId: 'worker-2' }] });
    const response = await invoke(getChild, { ...given, principal: worker, pathParameters: { childId } });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toMatch(/SK-1|Ana|Petrova|worker-2/);
    const [attempt, refusal] = auditPuts();
    expect(refusal?.Item).toEqual({ ...attempt?.Item, outcome: 'refused' });
    // Only the request that wrote the attempt may turn it into a refusal, and only once.
    expect(refusal?.ConditionExpression).toMatch(/attribute_not_exists/);
    expect(Object.values(refusal?.ExpressionAttributeValues ?? {})).toContain(attempt?.Item?.requestId);
    // A child that exists keeps the record of the refusal for good.
    expect(refusal?.Item).not.toHaveProperty('expiresAt');
  });

  it('an attempt at a child that does not exist is refused and its record expires after the probe retention', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const response = await invoke(getChild, { ...given, principal: worker, pathParameters: { childId } });
    expect(response.statusCode).toBe(404);
    const [, refusal] = auditPuts();
    expect(refusal?.Item).toMatchObject({ outcome: 'refused', expiresAt: Date.parse(now) / 1000 + UNKNOWN_CHILD_ATTEMPT_DAYS * 86_400 });
  });

  it('a failed audit write fails the request: no answer without its record', async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored] });
    ddb.on(PutCommand).rejects(Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server' }));
    const response = await invoke(getChild, { ...given, principal: worker, pathParameters: { childId } });
    expect(response.statusCode).toBeGreaterThanOrEqual(500);
    expect(response.body).not.toMatch(/SK-1|Ana|Petrova/);
  });
});
