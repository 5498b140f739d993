import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler as closeChild } from '../../functions/children/close';
import { handler as enrolChild } from '../../functions/children/enrol';
import { handler as getChild } from '../../functions/children/get';
import { handler as updateChild } from '../../functions/children/update';
import { handler as updateCheckpoint } from '../../functions/checkpoints/update';
import { handler as acknowledgeFlag } from '../../functions/flags/acknowledge';
import { handler as listFlags } from '../../functions/flags/list';
import { handler as resolveFlag } from '../../functions/flags/resolve';
import { handler as getOutcomes } from '../../functions/outcomes/get';
import { handler as logVisit } from '../../functions/visits/log';
import type { Principal } from '../../lib/auth/principal';
import type { DevIssuer } from '../../local/dev-issuer';
import { installTestDeps, invoke } from './handler-harness';

/*
 * Faults injected under the handlers with aws-sdk-client-mock (issue 7): a transaction cancelled on a
 * condition is 409 with the reason in the domain's words; throttling and server faults that outlast the SDK's
 * retries are 503 with Retry-After; and whatever the SDK throws, no AWS error name or message, no resource
 * name and no stack trace reaches the caller.
 *
 * The records the handlers read are the ones they wrote: a child is enrolled and visited through the real
 * handlers first, and a small in-memory table answers the reads from what those transactions put.
 */

type Item = Record<string, unknown>;
type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const ddb = mockClient(DynamoDBDocumentClient);
const worker: Principal = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' };
const officer: Principal = { role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje'] };
const evaluator: Principal = { role: 'evaluator', sub: 'evaluator-1' };
let issuer: DevIssuer;

const table = new Map<string, Item>();
const keyOf = (item: Item) => `${String(item.pk)}|${String(item.sk)}`;

/** Reads answered from `table`, as DynamoDB would answer them for the base table and its local index. */
function serveFromTable(): void {
  ddb.reset();
  ddb.on(GetCommand).callsFake((input: { Key: Item }) => ({ Item: table.get(keyOf(input.Key)) }));
  ddb.on(QueryCommand).callsFake((input: QueryCommandInput) => {
    // The global indexes (caseloads, agendas, inboxes, cohorts) hold nothing here.
    if (input.IndexName && input.IndexName !== 'byDate') return { Items: [] };
    const sortKey = input.IndexName === 'byDate' ? 'lsi1sk' : 'sk';
    const values = Object.values(input.ExpressionAttributeValues ?? {}).filter((v): v is string => typeof v === 'string');
    const items = [...table.values()];
    const partition = values.find((v) => items.some((item) => item.pk === v));
    const bounds = values.filter((v) => v !== partition);
    const inRange = (sk: string) =>
      /BETWEEN/.test(input.KeyConditionExpression ?? '') ? sk >= bounds[0]! && sk <= bounds[1]! : bounds.some((p) => sk.startsWith(p));
    return {
      Items: items.filter((item) => item.pk === partition && inRange(String(item[sortKey] ?? ''))).sort((a, b) => String(a.sk).localeCompare(String(b.sk))),
    };
  });
  ddb.on(BatchGetCommand).callsFake((input: { RequestItems: Record<string, { Keys: Item[] }> }) => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems).map(([name, { Keys }]) => [name, Keys.map((key) => table.get(keyOf(key))).filter(Boolean)]),
    ),
  }));
  ddb.on(PutCommand).resolves({});
  ddb.on(TransactWriteCommand).callsFake((input: { TransactItems: Array<{ Put?: { Item: Item } }> }) => {
    for (const write of input.TransactItems) if (write.Put) table.set(keyOf(write.Put.Item), write.Put.Item);
    return {};
  });
}

const send = (handler: Handler, principal: Principal, request: { pathParameters?: Record<string, string>; body?: unknown } = {}) =>
  invoke(handler, { issuer, principal, ...request });

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: { httpStatusCode: 400, requestId: 'REQ-ID-0123' },
    CancellationReasons: codes.map((Code) => ({ Code, ...(Code === 'ConditionalCheckFailed' ? { Message: 'The conditional request failed' } : {}) })),
  });

/** An error as the SDK raises it, after its own retries: a name, a fault, metadata, an AWS message and a stack. */
const SECRET = 'arn:aws:dynamodb:eu-central-1:123456789012:table/secret-table';
const awsError = (name: string, fault: 'client' | 'server', httpStatusCode: number) =>
  Object.assign(new Error(`${name}: request on ${SECRET} failed (request id REQ-ID-0123)`), {
    name,
    $fault: fault,
    $metadata: { httpStatusCode, requestId: 'REQ-ID-0123', attempts: 4, totalRetryDelay: 900 },
  });

/** What the caller may never see in any answer: the AWS message, names, request ids, resources and stacks. */
function expectNothingInternal(response: Awaited<ReturnType<typeof invoke>>, errorName: string): void {
  const seen = JSON.stringify({ headers: response.headers, body: response.body });
  expect(seen).not.toContain(SECRET);
  expect(seen).not.toMatch(/secret-table|123456789012|arn:aws/);
  expect(seen).not.toContain('REQ-ID-0123');
  expect(seen).not.toContain(errorName);
  expect(seen).not.toMatch(/stack/i);
  expect(seen).not.toMatch(/\bat \S+ \(|\bat .*:\d+:\d+|\.ts:\d+/);
  expect(seen).not.toMatch(/Exception|ConditionalCheckFailed|cancellation reasons|conditional request/i);
}

function expectProblem(response: Awaited<ReturnType<typeof invoke>>, status: number): void {
  expect(response.statusCode).toBe(status);
  expect(response.headers).toMatchObject({ 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  expect(response.json).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

// The case every test starts from: a medium-risk child enrolled on 12 March, visited on 14 April with housing
// down from stable to at_risk, which raised a regression flag routed to skopje.
let childId: string;
let checkpointId: string;
let flagId: string;
let childVersion: number;
let seeded: Map<string, Item>;

const enrolment = {
  caseCode: 'SK-2026-0042',
  givenName: 'Ana',
  familyName: 'Petrova',
  birthDate: '2012-05-01',
  sex: 'female',
  municipalityId: 'skopje',
  riskLevel: 'medium',
  enrolledOn: '2026-03-12',
  baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'at_risk' },
};
const visit = { visitedOn: '2026-04-14', contactType: 'home', assessments: { housing: { level: 'at_risk' } }, childView: { rating: 3 } };

beforeAll(async () => {
  issuer = await installTestDeps('2026-06-20T09:00:00Z');
  table.clear();
  serveFromTable();
  const enrolled = await send(enrolChild, worker, { body: enrolment });
  expect(enrolled.statusCode).toBe(201);
  const answer = enrolled.json as { child: { childId: string }; checkpoints: Array<{ checkpointId: string; dueOn: string }> };
  childId = answer.child.childId;
  checkpointId = answer.checkpoints.at(-1)!.checkpointId;
  const visited = await send(logVisit, worker, { pathParameters: { childId }, body: visit });
  expect(visited.statusCode).toBe(201);
  const raised = (visited.json as { raisedFlags: Array<{ flagId: string }> }).raisedFlags;
  expect(raised).toHaveLength(1);
  flagId = raised[0]!.flagId;
  childVersion = Number(table.get(`CHILD#${childId}|CHILD`)!.version);
  seeded = new Map(table);
});

beforeEach(() => {
  table.clear();
  for (const [key, item] of seeded) table.set(key, item);
  serveFromTable();
});

describe('a transaction cancelled on a condition is 409, with the reason in the domain’s words', () => {
  const cases: Array<{
    rule: string;
    request: () => { handler: Handler; principal: Principal; pathParameters: Record<string, string>; body: unknown };
    reasons: string[];
    detail: string;
  }> = [
    {
      rule: 'acknowledging a flag someone acknowledged or resolved since it was read',
      request: () => ({ handler: acknowledgeFlag, principal: officer, pathParameters: { flagId }, body: {} }),
      reasons: ['ConditionalCheckFailed', 'None'],
      detail: 'The flag was changed by someone else since you read it; read it again.',
    },
    {
      rule: 'resolving a flag someone resolved since it was read',
      request: () => ({
        handler: resolveFlag,
        principal: officer,
        pathParameters: { flagId },
        body: { note: 'Housing support arranged with the family.' },
      }),
      reasons: ['ConditionalCheckFailed', 'None'],
      detail: 'The flag was changed by someone else since you read it; read it again.',
    },
    {
      rule: 'closing a case someone closed or changed since it was read',
      request: () => ({
        handler: closeChild,
        principal: worker,
        pathParameters: { childId },
        body: { reason: 'reintegrated', outcome: 'reintegrated', closedOn: '2026-06-19' },
      }),
      reasons: ['ConditionalCheckFailed', 'None', 'None'],
      detail: 'The child was changed by someone else since you read it; read it again.',
    },
    {
      rule: 'changing the risk level of a child changed since it was read',
      request: () => ({ handler: updateChild, principal: worker, pathParameters: { childId }, body: { version: childVersion, riskLevel: 'high' } }),
      reasons: ['ConditionalCheckFailed', 'None', 'None'],
      detail: 'The child was changed by someone else since you read it; read it again.',
    },
    {
      rule: 'changing the risk level while a visit or the sweep changed one of the checkpoints',
      request: () => ({ handler: updateChild, principal: worker, pathParameters: { childId }, body: { version: childVersion, riskLevel: 'high' } }),
      reasons: ['None', 'ConditionalCheckFailed', 'None'],
      detail: 'The schedule or the flags changed while this was saved; read it again and retry.',
    },
    {
      rule: 'rescheduling a checkpoint a visit or the sweep changed since it was read',
      request: () => ({
        handler: updateCheckpoint,
        principal: worker,
        pathParameters: { childId, checkpointId },
        body: { action: 'reschedule', dueOn: '2026-12-01', reason: 'The family is away until December.' },
      }),
      reasons: ['ConditionalCheckFailed', 'None'],
      detail: 'The checkpoint changed since you read it (a visit or the sweep); read it again.',
    },
  ];

  it.each(cases)('$rule: 409 “$detail”, not retried, nothing internal', async ({ request, reasons, detail }) => {
    const { handler, principal, pathParameters, body } = request();
    ddb.on(TransactWriteCommand).rejects(cancelled(reasons));
    const response = await send(handler, principal, { pathParameters, body });
    expectProblem(response, 409);
    expect(response.json).toMatchObject({ title: 'Conflict', detail });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expectNothingInternal(response, 'TransactionCanceledException');
  });

  it('the same change with no fault goes through (the cases above fail only on the injected cancellation)', async () => {
    for (const { request } of cases) {
      serveFromTable();
      const { handler, principal, pathParameters, body } = request();
      const response = await send(handler, principal, { pathParameters, body });
      expect(response.statusCode).toBe(200);
      table.clear();
      for (const [key, item] of seeded) table.set(key, item);
    }
  });

  it('a flag change cancelled only because another transaction held the flag is 503 with Retry-After, not 409', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['TransactionConflict', 'None']));
    const response = await send(acknowledgeFlag, officer, { pathParameters: { flagId }, body: {} });
    expectProblem(response, 503);
    expect(response.headers).toMatchObject({ 'retry-after': '2' });
    expectNothingInternal(response, 'TransactionCanceledException');
  });
});

describe('throttling and server faults that outlast the SDK retries are 503 with Retry-After', () => {
  it.each([
    {
      route: 'GET /flags',
      command: QueryCommand,
      error: awsError('ProvisionedThroughputExceededException', 'client', 400),
      call: () => send(listFlags, officer),
    },
    {
      route: 'GET /outcomes',
      command: QueryCommand,
      error: awsError('RequestLimitExceeded', 'client', 400),
      call: () => send(getOutcomes, evaluator),
    },
    {
      route: 'POST /children',
      command: TransactWriteCommand,
      error: awsError('InternalServerError', 'server', 500),
      call: () => send(enrolChild, worker, { body: { ...enrolment, caseCode: 'SK-2026-0043' } }),
    },
    {
      route: 'POST /flags/{flagId}/resolution',
      command: TransactWriteCommand,
      error: awsError('ThrottlingException', 'client', 400),
      call: () => send(resolveFlag, officer, { pathParameters: { flagId }, body: { note: 'Housing support arranged.' } }),
    },
    {
      route: 'PATCH /children/{childId}',
      command: TransactWriteCommand,
      error: awsError('ServiceUnavailable', 'server', 503),
      call: () => send(updateChild, worker, { pathParameters: { childId }, body: { version: childVersion, riskLevel: 'high' } }),
    },
    {
      route: 'POST /children/{childId}/visits',
      command: QueryCommand,
      error: awsError('SomeUnmodelledServerFault', 'server', 502),
      call: () => send(logVisit, worker, { pathParameters: { childId }, body: { ...visit, visitedOn: '2026-06-19' } }),
    },
  ])('$route when $error.name persists: 503 problem details with Retry-After', async ({ command, error, call }) => {
    // One signature for the three commands: only the rejection is configured, never an input or output.
    const faulty = command as unknown as typeof GetCommand;
    ddb.on(faulty).rejects(error);
    const response = await call();
    expect(ddb).toHaveReceivedCommand(faulty);
    expectProblem(response, 503);
    expect(response.headers).toMatchObject({ 'retry-after': '2' });
    expect(response.json).toMatchObject({ title: 'Service unavailable' });
    expectNothingInternal(response, error.name);
  });
});

describe('no handler leaks a stack trace or an AWS error message to the caller', () => {
  const handlers: Array<[string, () => ReturnType<typeof send>]> = [
    ['GET /children/{childId}', () => send(getChild, worker, { pathParameters: { childId } })],
    ['GET /flags', () => send(listFlags, officer)],
    ['POST /children', () => send(enrolChild, worker, { body: { ...enrolment, caseCode: 'SK-2026-0044' } })],
    ['POST /children/{childId}/visits', () => send(logVisit, worker, { pathParameters: { childId }, body: { ...visit, visitedOn: '2026-06-19' } })],
    ['GET /outcomes', () => send(getOutcomes, evaluator)],
    ['POST /flags/{flagId}/acknowledgement', () => send(acknowledgeFlag, officer, { pathParameters: { flagId }, body: {} })],
  ];
  const errors: Array<[string, () => Error, number]> = [
    ['ResourceNotFoundException', () => awsError('ResourceNotFoundException', 'client', 400), 500],
    ['AccessDeniedException', () => awsError('AccessDeniedException', 'client', 400), 500],
    ['ValidationException', () => awsError('ValidationException', 'client', 400), 500],
    ['InternalServerError', () => awsError('InternalServerError', 'server', 500), 503],
    [
      'TransactionCanceledException',
      () => Object.assign(cancelled(['ValidationError']), { message: `Transaction cancelled on ${SECRET}` }),
      500,
    ],
  ];
  const matrix = handlers.flatMap(([route, call]) => errors.map(([name, error, status]) => ({ route, call, name, error, status })));

  it.each(matrix)('$route, every call rejected with $name: $status, and the body says nothing internal', async ({ call, name, error, status }) => {
    const thrown = error();
    expect(thrown.stack).toContain('    at ');
    ddb.reset();
    ddb.onAnyCommand().rejects(thrown);
    const response = await call();
    expect(ddb.calls().length).toBeGreaterThan(0);
    expectProblem(response, status);
    expect(response.json).toMatchObject({ instance: 'urn:reintegration:request:req-1' });
    expect(Object.keys(response.json!).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
    expectNothingInternal(response, name);
  });
});
