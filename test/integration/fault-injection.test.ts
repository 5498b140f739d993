import { randomUUID } from 'node:crypto';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { handler as closeChild } from '../../functions/children/close';
import { handler as enrolChild } from '../../functions/children/enrol';
import { handler as getChild } from '../../functions/children/get';
import { handler as updateChild } from '../../functions/children/update';
import { handler as updateCheckpoint } from '../../functions/checkpoints/update';
import { handler as acknowledgeFlag } from '../../functions/flags/acknowledge';
import { handler as listFlags } from '../../functions/flags/list';
import { handler as resolveFlag } from '../../functions/flags/resolve';
import { handler as putMunicipality } from '../../functions/municipalities/put';
import { handler as getOutcomes } from '../../functions/outcomes/get';
import { handler as logVisit } from '../../functions/visits/log';
import type { Principal } from '../../lib/auth/principal';
import type { RouteHandler } from '../../lib/http/handler';
import { ensureTable } from '../../local/tables';
import { testDeps, type TestDeps, invoke } from '../functions/handler-harness';
import { enrolment as enrolmentBody, MUNICIPALITIES } from './harness';

/*
 * Faults injected under the handlers (issue 7): a transaction cancelled on a condition is 409 with the reason in
 * the domain's words; throttling and server faults that outlast the SDK's retries are 503 with Retry-After; and
 * whatever the SDK throws, no AWS error name or message, no resource name and no stack trace reaches the caller.
 *
 * The handlers run as Lambda runs them, on a table of the suite's DynamoDB Local: the records they read are the
 * ones they wrote (a child enrolled and visited through the real handlers). A middleware on the document client,
 * as in visit-failures.test.ts, fails the chosen commands before they are sent, as the SDK fails them once its
 * own retries are spent; every other command reaches DynamoDB Local.
 */

type Handler = RouteHandler;

const worker: Principal = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' };
const officer: Principal = { role: 'municipal_officer', sub: 'officer-1', municipalityIds: ['skopje'] };
const evaluator: Principal = { role: 'evaluator', sub: 'evaluator-1' };
const adminUser: Principal = { role: 'admin', sub: 'admin-1' };
let given: TestDeps;

const FAULT = 'test:inject-fault';
/** Each command that reached the document client while a fault was injected, by its DynamoDB name. */
let sent: string[] = [];

/**
 * From now until the test ends, every command `failing` picks is rejected with its error instead of being sent
 * (`failing` returns undefined to let a command through).
 */
function injectFault(failing: (commandName: string) => Error | undefined): void {
  const client = given.deps.db.table.getDocumentClient();
  client.middlewareStack.remove(FAULT);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const commandName = context.commandName ?? '';
      sent.push(commandName);
      const error = failing(commandName);
      if (error) throw error;
      return next(args);
    },
    { step: 'initialize', name: FAULT, priority: 'high' },
  );
}
const failEvery = (commandName: string, error: Error) => injectFault((name) => (name === commandName ? error : undefined));
const timesSent = (commandName: string) => sent.filter((name) => name === commandName).length;

afterEach(() => {
  // A failed assertion must not leave the fault in place for the next test.
  given.deps.db.table.getDocumentClient().middlewareStack.remove(FAULT);
  sent = [];
});

const send = (handler: Handler, principal: Principal, request: { pathParameters?: Record<string, string>; body?: unknown } = {}) =>
  invoke(handler, { ...given, principal, ...request });

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

// The case a test starts from: a medium-risk child enrolled on 12 March, visited on 14 April with housing
// down from stable to at_risk, which raised a regression flag routed to skopje.
interface Seeded {
  childId: string;
  checkpointId: string;
  flagId: string;
  childVersion: number;
}

const enrolment = enrolmentBody({
  enrolledOn: '2026-03-12',
  baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'at_risk' },
});
const visit = { visitedOn: '2026-04-14', contactType: 'home', assessments: { housing: { level: 'at_risk' } }, childView: { rating: 3 } };

async function seedCase(): Promise<Seeded> {
  const enrolled = await send(enrolChild, worker, { body: { ...enrolment, caseCode: `SK-2026-${randomUUID().slice(0, 8)}` } });
  expect(enrolled.statusCode).toBe(201);
  const answer = enrolled.json as { child: { childId: string }; checkpoints: Array<{ checkpointId: string; dueOn: string }> };
  const childId = answer.child.childId;
  const checkpointId = answer.checkpoints.at(-1)!.checkpointId;
  const visited = await send(logVisit, worker, { pathParameters: { childId }, body: visit });
  expect(visited.statusCode).toBe(201);
  const raised = (visited.json as { raisedFlags: Array<{ flagId: string }> }).raisedFlags;
  expect(raised).toHaveLength(1);
  const child = await send(getChild, worker, { pathParameters: { childId } });
  return { childId, checkpointId, flagId: raised[0]!.flagId, childVersion: Number((child.json as { version: number }).version) };
}

/** The case the faulted requests are made on: a fault leaves it as it was, so one serves them all. */
let seeded: Seeded;

beforeAll(async () => {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT;
  if (!endpoint) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run through the integration project');
  const tableName = `records-${randomUUID()}`;
  // No stream: these handlers run without the stream consumers, and the suite's DynamoDB Local slows with every record.
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureTable(client, tableName, { stream: false });
  client.destroy();
  given = await testDeps('2026-06-20T09:00:00Z', { endpoint, tableName });
  expect((await send(putMunicipality, adminUser, { pathParameters: { municipalityId: 'skopje' }, body: { name: MUNICIPALITIES.skopje } })).statusCode).toBe(201);
  seeded = await seedCase();
});

describe('a transaction cancelled on a condition is 409, with the reason in the domain’s words', () => {
  const cases: Array<{
    rule: string;
    request: (c: Seeded) => { handler: Handler; principal: Principal; pathParameters: Record<string, string>; body: unknown };
    reasons: string[];
    detail: string;
  }> = [
    {
      rule: 'acknowledging a flag someone acknowledged or resolved since it was read',
      request: ({ flagId }) => ({ handler: acknowledgeFlag, principal: officer, pathParameters: { flagId }, body: {} }),
      reasons: ['ConditionalCheckFailed', 'None'],
      detail: 'The flag was changed by someone else since you read it; read it again.',
    },
    {
      rule: 'resolving a flag someone resolved since it was read',
      request: ({ flagId }) => ({
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
      request: ({ childId }) => ({
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
      request: ({ childId, childVersion }) => ({
        handler: updateChild,
        principal: worker,
        pathParameters: { childId },
        body: { version: childVersion, riskLevel: 'high' },
      }),
      reasons: ['ConditionalCheckFailed', 'None', 'None'],
      detail: 'The child was changed by someone else since you read it; read it again.',
    },
    {
      rule: 'changing the risk level while a visit or the sweep changed one of the checkpoints',
      request: ({ childId, childVersion }) => ({
        handler: updateChild,
        principal: worker,
        pathParameters: { childId },
        body: { version: childVersion, riskLevel: 'high' },
      }),
      reasons: ['None', 'ConditionalCheckFailed', 'None'],
      detail: 'The schedule or the flags changed while this was saved; read it again and retry.',
    },
    {
      rule: 'rescheduling a checkpoint a visit or the sweep changed since it was read',
      request: ({ childId, checkpointId }) => ({
        handler: updateCheckpoint,
        principal: worker,
        pathParameters: { childId, checkpointId },
        body: { action: 'reschedule', dueOn: '2026-12-01', reason: 'The family is away until December.' },
      }),
      reasons: ['ConditionalCheckFailed', 'None'],
      detail: 'The schedule changed since you read it (a visit or the sweep); read it again.',
    },
    {
      rule: 'cancelling a checkpoint while the one it relied on to keep follow-up going left the schedule',
      request: ({ childId, checkpointId }) => ({
        handler: updateCheckpoint,
        principal: worker,
        pathParameters: { childId, checkpointId },
        body: { action: 'cancel', reason: 'The child is in hospital abroad.' },
      }),
      reasons: ['None', 'ConditionalCheckFailed', 'None'],
      detail: 'The schedule changed since you read it (a visit or the sweep); read it again.',
    },
  ];

  it.each(cases)('$rule: 409 “$detail”, not retried, nothing internal', async ({ request, reasons, detail }) => {
    const { handler, principal, pathParameters, body } = request(seeded);
    failEvery('TransactWriteItemsCommand', cancelled(reasons));
    const response = await send(handler, principal, { pathParameters, body });
    expectProblem(response, 409);
    expect(response.json).toMatchObject({ title: 'Conflict', detail });
    expect(timesSent('TransactWriteItemsCommand')).toBe(1);
    expectNothingInternal(response, 'TransactionCanceledException');
  });

  it('the same change with no fault goes through (the cases above fail only on the injected cancellation)', async () => {
    // Each on a case of its own, as each fault above met the case untouched.
    for (const { request } of cases) {
      const { handler, principal, pathParameters, body } = request(await seedCase());
      const response = await send(handler, principal, { pathParameters, body });
      expect(response.statusCode).toBe(200);
    }
  });

  it('a flag change cancelled only because another transaction held the flag is 503 with Retry-After, not 409', async () => {
    failEvery('TransactWriteItemsCommand', cancelled(['TransactionConflict', 'None']));
    const response = await send(acknowledgeFlag, officer, { pathParameters: { flagId: seeded.flagId }, body: {} });
    expectProblem(response, 503);
    expect(response.headers).toMatchObject({ 'retry-after': '2' });
    expectNothingInternal(response, 'TransactionCanceledException');
  });
});

describe('throttling and server faults that outlast the SDK retries are 503 with Retry-After', () => {
  it.each([
    {
      route: 'GET /flags',
      command: 'QueryCommand',
      error: awsError('ProvisionedThroughputExceededException', 'client', 400),
      call: () => send(listFlags, officer),
    },
    {
      route: 'GET /outcomes',
      command: 'QueryCommand',
      error: awsError('RequestLimitExceeded', 'client', 400),
      call: () => send(getOutcomes, evaluator),
    },
    {
      route: 'POST /children',
      command: 'TransactWriteItemsCommand',
      error: awsError('InternalServerError', 'server', 500),
      call: () => send(enrolChild, worker, { body: { ...enrolment, caseCode: 'SK-2026-0043' } }),
    },
    {
      route: 'POST /flags/{flagId}/resolution',
      command: 'TransactWriteItemsCommand',
      error: awsError('ThrottlingException', 'client', 400),
      call: () => send(resolveFlag, officer, { pathParameters: { flagId: seeded.flagId }, body: { note: 'Housing support arranged.' } }),
    },
    {
      route: 'PATCH /children/{childId}',
      command: 'TransactWriteItemsCommand',
      error: awsError('ServiceUnavailable', 'server', 503),
      call: () => send(updateChild, worker, { pathParameters: { childId: seeded.childId }, body: { version: seeded.childVersion, riskLevel: 'high' } }),
    },
    {
      route: 'POST /children/{childId}/visits',
      command: 'QueryCommand',
      error: awsError('SomeUnmodelledServerFault', 'server', 502),
      call: () => send(logVisit, worker, { pathParameters: { childId: seeded.childId }, body: { ...visit, visitedOn: '2026-06-19' } }),
    },
  ])('$route when $error.name persists: 503 problem details with Retry-After', async ({ command, error, call }) => {
    failEvery(command, error);
    const response = await call();
    expect(timesSent(command)).toBeGreaterThan(0);
    expectProblem(response, 503);
    expect(response.headers).toMatchObject({ 'retry-after': '2' });
    expect(response.json).toMatchObject({ title: 'Service unavailable' });
    expectNothingInternal(response, error.name);
  });
});

describe('no handler leaks a stack trace or an AWS error message to the caller', () => {
  const handlers: Array<[string, () => ReturnType<typeof send>]> = [
    ['GET /children/{childId}', () => send(getChild, worker, { pathParameters: { childId: seeded.childId } })],
    ['GET /flags', () => send(listFlags, officer)],
    ['POST /children', () => send(enrolChild, worker, { body: { ...enrolment, caseCode: 'SK-2026-0044' } })],
    ['POST /children/{childId}/visits', () => send(logVisit, worker, { pathParameters: { childId: seeded.childId }, body: { ...visit, visitedOn: '2026-06-19' } })],
    ['GET /outcomes', () => send(getOutcomes, evaluator)],
    ['POST /flags/{flagId}/acknowledgement', () => send(acknowledgeFlag, officer, { pathParameters: { flagId: seeded.flagId }, body: {} })],
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
    injectFault(() => thrown);
    const response = await call();
    expect(sent.length).toBeGreaterThan(0);
    expectProblem(response, status);
    expect(response.json).toMatchObject({ instance: 'urn:reintegration:request:req-1' });
    expect(Object.keys(response.json!).sort()).toEqual(['detail', 'instance', 'status', 'title', 'type']);
    expectNothingInternal(response, name);
  });
});
