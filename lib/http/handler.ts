import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod';
import { assertRoleAllowed, type PrincipalOf } from '../auth/access';
import type { Principal } from '../auth/principal';
import { checkChild, checkFlag, checkReferral } from '../auth/scope';
import { bearerToken } from '../auth/tokens';
import { routeKey, type RecordScope, type RouteDefinition } from '../api/route';
import { auditReads, recordRefusal } from '../data/audit';
import { hasEmergencyAccess } from '../data/emergency-access';
import { CHILD_LOADERS, loadFlag, loadReferral, type ChildLoad, type ChildRecords } from '../data/scoped-records';
import { auditor, type AuditAction, type AuditEntry, type Auditor } from '../domain/audit';
import type { Child } from '../domain/case';
import type { Checked } from '../domain/checked';
import type { Flag } from '../domain/flags';
import type { Referral } from '../domain/referrals';
import type { Deps } from '../deps';
import { perContainer } from '../deps/container';
import { routeDeps } from '../deps/route';
import { logger } from '../logger';
import { problemResponse, toProblem } from './problem-response';
import { MAX_BODY_BYTES } from './limits';
import { BadRequest, PayloadTooLarge, type FieldError } from './problems';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** The records of a route's declared scope, already loaded and checked for the caller. */
export type ScopedRecords<S> = S extends { record: 'child'; load: infer L extends ChildLoad }
  ? Omit<ChildRecords<L>, 'child'> & { child: Checked<Child> }
  : S extends { record: 'flag' }
    ? { flag: Checked<Flag>; child: Checked<Child> }
    : S extends { record: 'referral' }
      ? { referral: Checked<Referral>; child: Checked<Child> }
      : undefined;

export interface RouteRequest<R extends RouteDefinition> {
  path: Parsed<R['request']['path']>;
  query: Parsed<R['request']['query']>;
  headers: Parsed<R['request']['headers']>;
  body: Parsed<R['request']['body']>;
  /** The caller, narrowed to the roles the route admits. */
  principal: PrincipalOf<R['access']>;
  /** Builds this request's audit entries: the caller, the request id and the time are filled in. */
  audit: R['access'] extends 'public' ? undefined : Auditor;
  /** The record of the route's `scope`, loaded and found in the caller's scope. */
  records: ScopedRecords<R['scope']>;
  /** Reads and checks the record again: a write that lost a race judges fresh state, checked like the first. */
  reload: () => Promise<ScopedRecords<R['scope']>>;
  requestId: string;
  /** The path as the client sent it (API Gateway's `rawPath`), e.g. `/docs/` where the route is `/docs`. */
  rawPath: string;
  /** Milliseconds before the invocation times out. */
  timeLeft: () => number;
  /** Public routes are given nothing: no table, no token verifier, no settings. */
  deps: R['access'] extends 'public' ? undefined : Deps;
}

export interface RouteResponse {
  status: number;
  /** Checked against the route's declared schema for this status (unknown fields are dropped). */
  body?: unknown;
  headers?: Record<string, string>;
  /** The answer of an earlier attempt with the same idempotency key: audited as a replay, and said so in a header. */
  replayed?: boolean;
}

type RouteContext = Context & { principal?: Principal };

function formatPath(part: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    part,
  );
}

function parsePart(part: string, schema: z.ZodType | undefined, value: unknown, errors: FieldError[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  errors.push(...result.error.issues.map((issue) => ({ path: formatPath(part, issue.path), message: issue.message })));
  return undefined;
}

function parseRequest(route: RouteDefinition, event: APIGatewayProxyEventV2) {
  const errors: FieldError[] = [];
  const parsed = {
    path: parsePart('path', route.request.path, event.pathParameters ?? {}, errors),
    query: parsePart('query', route.request.query, event.queryStringParameters ?? {}, errors),
    headers: parsePart('headers', route.request.headers, event.headers ?? {}, errors),
    body: parsePart('body', route.request.body, event.body, errors),
  };
  if (errors.length > 0) throw new BadRequest(errors);
  return parsed;
}

function toHttpResponse(route: RouteDefinition, result: RouteResponse): APIGatewayProxyStructuredResultV2 {
  const spec = route.responses[result.status];
  if (!spec) throw new Error(`${routeKey(route)} answered undeclared status ${result.status}`);
  const headers = {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // Tells a retrying client that this is the answer to its first attempt, and nothing new was written.
    ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}),
    ...result.headers,
  };
  if ('json' in spec) {
    return {
      statusCode: result.status,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(spec.json.parse(result.body)),
    };
  }
  return {
    statusCode: result.status,
    headers: 'contentType' in spec && typeof spec.contentType === 'string' ? { 'content-type': spec.contentType, ...headers } : headers,
    ...(typeof result.body === 'string' ? { body: result.body } : {}),
  };
}

/** Refuses an oversized body before anything parses it. */
const bodySizeLimit = (): middy.MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, RouteContext> => ({
  before: async ({ event }) => {
    const bytes = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
    if (bytes > MAX_BODY_BYTES) throw new PayloadTooLarge(MAX_BODY_BYTES);
  },
});

/** Authenticates and checks the role before the body is even parsed: 401, then 403, then 400. */
const authenticate = (route: RouteDefinition, deps: () => Deps): middy.MiddlewareObj<APIGatewayProxyEventV2, unknown, Error, RouteContext> => ({
  before: async (request) => {
    if (route.access === 'public') return;
    const principal = await deps().verifyToken(bearerToken(request.event.headers?.authorization));
    assertRoleAllowed(route.access, principal);
    request.context.principal = principal;
  },
});

const problemDetails = (): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, RouteContext> => ({
  onError: async (request) => {
    request.response = problemResponse(toProblem(request.error), request.context.awsRequestId);
  },
});

export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** A route's Lambda handler, on its container's dependencies; `withDeps` gives the same route other ones. */
export type RouteHandler = LambdaHttpHandler & { withDeps(deps: Deps): LambdaHttpHandler };

/** The deployed form: an authenticated route builds its dependencies from its environment, once per container. */
const containerDeps = perContainer(routeDeps);

/**
 * Builds the Lambda handler of one route: authenticate → authorise the role → parse and validate every
 * part of the request → run the route → check the answer against the declared schema. Every error, from
 * any step, becomes problem details in one place. Lambda calls `handler`, on the container's dependencies;
 * the local runtime and the tests call `handler.withDeps(theirs)`.
 */
export function httpHandler<const R extends RouteDefinition>(
  route: R,
  run: (request: RouteRequest<R>) => Promise<RouteResponse>,
): RouteHandler {
  return Object.assign(handlerOn(route, run, containerDeps), { withDeps: (deps: Deps) => handlerOn(route, run, () => deps) });
}

function handlerOn<const R extends RouteDefinition>(
  route: R,
  run: (request: RouteRequest<R>) => Promise<RouteResponse>,
  dependencies: () => Deps,
): LambdaHttpHandler {
  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, RouteContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(problemDetails())
    .use(authenticate(route, dependencies));
  if (route.request.body) chain.use(bodySizeLimit()).use(httpJsonBodyParser());
  return chain.handler(async (event, context) => {
    const parsed = parseRequest(route, event);
    const { principal } = context;
    // Only an authenticated request asks for the dependencies: a public route's function is not given them.
    const deps = principal && dependencies();
    const audit = deps && auditor(principal, context.awsRequestId, deps.clock.now().toISOString());
    const scope = route.scope;
    const load = () => (scope && deps && audit ? loadInScope(scope, parsed.path as Record<string, string>, principal, deps, audit) : Promise.resolve(undefined));
    const records = await load();
    const result = await run({
      ...parsed,
      principal,
      audit,
      records,
      reload: load,
      requestId: context.awsRequestId,
      rawPath: event.rawPath,
      timeLeft: () => context.getRemainingTimeInMillis(),
      deps,
    } as RouteRequest<R>);
    if (scope && deps && audit && records) await auditAccess(scope, records.child.childId, result, deps, audit);
    return toHttpResponse(route, result);
  });
}

/**
 * Loads the route's record and checks the caller's scope. A read of a child is audited alongside the read, not after
 * it: the attempt's record is written together with the load, the answer waits for both, and a refusal turns that
 * record into the refusal's before the 404 leaves. Other refusals of an existing record are audited before their 404
 * too: someone tried to reach a child they may not see.
 */
async function loadInScope(scope: RecordScope, path: Record<string, string>, principal: Principal, deps: Deps, audit: Auditor) {
  const emergencyAccess = (childId: string) => hasEmergencyAccess(deps.db, principal.sub, childId, deps.clock.now());
  const refused = async (error: unknown, child: Child | undefined): Promise<never> => {
    if (child && scope.audit !== 'none') await auditReads(deps.db, [{ ...audit(scope.audit, child.childId), outcome: 'refused' }]);
    throw error;
  };
  if (scope.record === 'child') {
    const childId = path.childId ?? '';
    const attempt = auditsAlongside(scope) ? audit(scope.audit, childId) : undefined;
    // The audit put is sent first: DynamoDB takes longer over a write than over the read, so it sets the answer's time.
    const [, found] = await Promise.all([attempt && auditReads(deps.db, [attempt]), CHILD_LOADERS[scope.load](deps.db, childId)]);
    try {
      return { ...found, child: await checkChild(principal, found.child, scope.access, emergencyAccess) };
    } catch (error) {
      if (!attempt) return refused(error, found.child);
      await recordRefusal(deps.db, attempt, found.child !== undefined, deps.clock.now());
      throw error;
    }
  }
  if (scope.record === 'referral') {
    const found = await loadReferral(deps.db, path.referralId ?? '');
    try {
      return checkReferral(principal, found.referral, found.child);
    } catch (error) {
      return refused(error, found.child);
    }
  }
  const found = await loadFlag(deps.db, path.flagId ?? '');
  try {
    return checkFlag(principal, found.flag, found.child);
  } catch (error) {
    return refused(error, found.child);
  }
}

/**
 * A read of a child names the child in its path, so its audit record can be written with the read. A flag or a
 * referral names its child only once read, and a change audits itself inside its own transaction.
 */
const auditsAlongside = (scope: RecordScope): scope is RecordScope & { record: 'child'; access: 'read'; audit: AuditAction } =>
  scope.record === 'child' && scope.access === 'read' && scope.audit !== 'none';

/** A read not audited alongside its load is audited once its answer is ready; a replay, as a replay. */
async function auditAccess(scope: RecordScope, childId: string, result: RouteResponse, deps: Deps, audit: Auditor): Promise<void> {
  if (scope.audit === 'none' || auditsAlongside(scope)) return;
  const entry: AuditEntry | undefined = result.replayed
    ? { ...audit(scope.audit, childId), outcome: 'replayed' }
    : scope.access === 'read'
      ? audit(scope.audit, childId)
      : undefined;
  if (entry) await auditReads(deps.db, [entry]);
}
