import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { Principal } from '../../lib/auth/principal';
import { createTokenVerifier } from '../../lib/auth/tokens';
import { fixedClock } from '../../lib/clock';
import { LOCAL_AUTH, loadConfig, tableConfig } from '../../lib/config';
import { createDb } from '../../lib/data/db';
import type { Deps } from '../../lib/deps';
import { documentClientFor, dynamoClientFor } from '../../lib/deps/dynamodb';
import type { RouteHandler } from '../../lib/http/handler';
import { createDevIssuer, type DevIssuer } from '../../local/dev-issuer';
import { localEnvironment } from '../../local/environment';

/** What a test runs handlers with: their dependencies, and the issuer of the tokens their verifier accepts. */
export interface TestDeps {
  deps: Deps;
  issuer: DevIssuer;
}

/**
 * Handlers as Lambda runs them: on a mocked DynamoDB document client (aws-sdk-client-mock), or, given a DynamoDB
 * Local endpoint and a table there, on that table; at a fixed time.
 */
export async function testDeps(now = '2026-06-15T10:00:00Z', database?: { endpoint: string; tableName: string }): Promise<TestDeps> {
  const tableName = database?.tableName ?? 'records';
  const env = localEnvironment({ TABLE_NAME: tableName, ...(database ? { DYNAMODB_ENDPOINT: database.endpoint } : {}) });
  const issuer = await createDevIssuer(LOCAL_AUTH);
  const deps: Deps = {
    config: loadConfig(env),
    clock: fixedClock(now),
    db: createDb(documentClientFor(dynamoClientFor(tableConfig(env))), tableName),
    verifyToken: createTokenVerifier({ ...LOCAL_AUTH, keys: issuer.keys }),
    directory: issuer.directory,
  };
  return { deps, issuer };
}

/** Calls the route's handler, bound to the test's dependencies, with a token of the principal. */
export async function invoke(
  handler: RouteHandler,
  request: TestDeps & {
    principal: Principal;
    pathParameters?: Record<string, string>;
    headers?: Record<string, string>;
    body?: unknown;
  },
) {
  const { token } = await request.issuer.issue(request.principal, 600);
  const event = {
    version: '2.0',
    routeKey: 'test',
    rawPath: '/',
    rawQueryString: '',
    headers: {
      ...request.headers,
      authorization: `Bearer ${token}`,
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(request.pathParameters ? { pathParameters: request.pathParameters } : {}),
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    isBase64Encoded: false,
    requestContext: { requestId: 'req-1', http: { method: 'GET', path: '/' } },
  } as unknown as APIGatewayProxyEventV2;
  const context = { awsRequestId: 'req-1', functionName: 'test', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
  const result = await handler.withDeps(request.deps)(event, context);
  return { ...result, json: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : undefined };
}

/** The child's first checkpoint (medium risk, enrolled 2026-03-12) as dynamodb-toolbox stores it, still scheduled. */
export function storedCheckpoint(childId: string, checkpointId: string) {
  return {
    _et: 'Checkpoint',
    checkpointId,
    childId,
    dueOn: '2026-04-12',
    windowOpensOn: '2026-03-29',
    graceEndsOn: '2026-04-26',
    domains: ['education', 'housing', 'health', 'vocational_training'],
    status: 'scheduled',
    caseCode: 'SK-1',
    caseWorkerId: 'worker-1',
    organisationId: 'org-1',
    createdAt: '2026-03-12T10:00:00.000Z',
    updatedAt: '2026-03-12T10:00:00.000Z',
  };
}

/** A child item as dynamodb-toolbox stores it, at the given enrolment date and version, levels at baseline. */
export function storedChild(childId: string, { enrolledOn, version = 1 }: { enrolledOn: string; version?: number }) {
  const baseline = { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'at_risk' };
  return {
    pk: `CHILD#${childId}`,
    sk: 'CHILD',
    _et: 'Child',
    childId,
    caseCode: 'SK-1',
    givenName: 'Ana',
    familyName: 'Petrova',
    birthDate: '2012-05-01',
    sex: 'female',
    municipalityId: 'skopje',
    organisationId: 'org-1',
    caseWorkerId: 'worker-1',
    riskLevel: 'medium',
    enrolledOn,
    recordKey: 17,
    baseline,
    latestLevels: Object.fromEntries(
      Object.entries(baseline).map(([domain, level]) => [domain, { level, assessedOn: enrolledOn, source: 'baseline' }]),
    ),
    status: 'active',
    version,
    createdAt: `${enrolledOn}T10:00:00.000Z`,
    updatedAt: `${enrolledOn}T10:00:00.000Z`,
    gsi1pk: 'WORKER#worker-1#CHILDREN#active',
    gsi1sk: 'SK-1',
    gsi2pk: 'ORG#org-1#CHILDREN#active',
    gsi2sk: 'SK-1',
  };
}
