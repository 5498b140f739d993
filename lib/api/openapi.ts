import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { MAX_BODY_BYTES } from '../http/limits';
import { problemResponse } from '../http/problem-response';
import {
  BadRequest,
  Conflict,
  Forbidden,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  Unauthorized,
  UnprocessableContent,
  type HttpProblem,
} from '../http/problems';
import { TAGS, type NamedRoute } from './route';
import { ProblemSchema } from './schemas/common';
import { IdempotencyHeadersSchema } from './schemas/visits';

/**
 * A kind of problem as the API answers it: the schema pins its type, title and status, and its example is the
 * body the runtime writes for it (so Swagger UI shows a real status, not the smallest integer it can think of).
 */
function problemOf(id: string, problem: HttpProblem) {
  const { body } = problemResponse(problem, 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
  return ProblemSchema.extend({
    type: z.literal(problem.type),
    title: z.literal(problem.title),
    status: z.literal(problem.status),
  }).meta({ id, example: JSON.parse(body ?? '{}') });
}

const PROBLEMS = {
  400: problemOf('BadRequestProblem', new BadRequest([{ path: 'body.caseCode', message: '3 to 32 letters, digits and hyphens, starting with a letter or digit' }])),
  401: problemOf('UnauthorizedProblem', new Unauthorized()),
  403: problemOf('ForbiddenProblem', new Forbidden()),
  404: problemOf('NotFoundProblem', new NotFound()),
  409: problemOf('ConflictProblem', new Conflict('The child is at version 3, not 2; read it again.')),
  413: problemOf('PayloadTooLargeProblem', new PayloadTooLarge(MAX_BODY_BYTES)),
  422: problemOf('UnprocessableContentProblem', new UnprocessableContent('This Idempotency-Key was already used for a different request; use a new key for a new request.')),
  503: problemOf('ServiceUnavailableProblem', new ServiceUnavailable()),
} as const;

/** What API Gateway answers itself, before any function runs: a throttled request, or a token its authorizer refused. */
const GatewayMessageSchema = z
  .object({ message: z.string() })
  .meta({ id: 'GatewayMessage', description: 'An answer of API Gateway itself (cloud only), not of the API’s functions.', example: { message: 'Too Many Requests' } });

const problem = (status: keyof typeof PROBLEMS, description: string, gateway?: 'gateway'): ZodOpenApiResponseObject => ({
  description,
  content: {
    'application/problem+json': { schema: PROBLEMS[status] },
    ...(gateway ? { 'application/json': { schema: GatewayMessageSchema } } : {}),
  },
});

function operation(route: NamedRoute): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] =
      'json' in spec
        ? { description: spec.description, content: { 'application/json': { schema: spec.json } } }
        : 'contentType' in spec
          ? { description: spec.description, content: Object.fromEntries([spec.contentType].flat().map((type) => [type, {}])) }
          : { description: spec.description };
  }
  const { path, query, headers, body } = route.request;
  if (path || query || headers || body) responses['400'] = problem(400, 'Invalid input; nothing was written.');
  if (route.access !== 'public') {
    responses['401'] = problem(401, 'Missing or invalid bearer token (in the cloud API Gateway’s authorizer may answer first).', 'gateway');
    responses['403'] = problem(403, 'The role may not call this route.');
  }
  if (path) responses['404'] = problem(404, 'Unknown, or outside the caller’s scope.');
  if (route.localOnly) {
    responses['404'] = {
      description: 'In the cloud: the route exists only in the local runtime, and API Gateway knows no such route.',
      content: { 'application/json': { schema: GatewayMessageSchema } },
    };
  }
  if (body) responses['413'] = problem(413, `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  if (route.method !== 'GET' && !route.localOnly) responses['409'] = problem(409, 'Stale version or conflicting state.');
  if (headers === IdempotencyHeadersSchema) responses['422'] = problem(422, 'The Idempotency-Key was already used for a different request.');
  if (!route.localOnly) {
    responses['429'] = {
      description: 'Throttled by the cloud stage (50 requests/s, bursts of 100); retry later.',
      content: { 'application/json': { schema: GatewayMessageSchema } },
    };
  }
  responses['503'] = problem(503, 'The database is busy; retry after the Retry-After seconds.');
  const roles = route.access === 'public' ? 'anyone' : route.access.join(', ');
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, `Who may call it: ${roles}.`].filter(Boolean).join('\n\n'),
    tags: [route.tag],
    ...(route.access === 'public' ? { security: [] } : {}),
    requestParams: {
      ...(path ? { path: path as never } : {}),
      ...(query ? { query: query as never } : {}),
      ...(headers ? { header: headers as never } : {}),
    },
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses,
  };
}

const TOKEN_HELP = [
  'Paste an ID token (without `Bearer`).',
  '',
  '**Local runtime** (`npm start`): ask the dev issuer for one, e.g. for a social worker:',
  '`curl -s -X POST http://127.0.0.1:3000/local/tokens -H \'content-type: application/json\' ' +
    '-d \'{"sub":"worker-1","role":"social_worker","organisationId":"org-1"}\'` and copy `token` from the answer ' +
    '(or use **POST /local/tokens** below, under "Local runtime"). Roles: social_worker, supervisor (with ' +
    '`organisationId`), municipal_officer (with `municipalityIds`), evaluator, admin.',
  '',
  '**Cloud**: the user’s ID token from the stack’s Cognito user pool (output `UserPoolId`), e.g. after signing in ' +
    'through your client, or `aws cognito-idp initiate-auth` with the app client; its group is the role.',
].join('\n');

/** The OpenAPI 3.1 document, generated from the route table and the same zod schemas that validate. */
export function openApiDocument(routes: readonly NamedRoute[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  const used = new Set(routes.map((route) => route.tag));
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Reintegration follow-up tracker',
        version: '1.0.0',
        description:
          'Long-term follow-up of children being reintegrated after trafficking. Dates are YYYY-MM-DD, ' +
          'timestamps ISO 8601 UTC, errors RFC 9457 problem details, lists `{items, nextCursor}`.',
        // The product is not open source (package.json: UNLICENSED); security flaws go to the contact in SECURITY.md.
        license: { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' },
        contact: { name: 'The programme’s operating organisation (security flaws: see SECURITY.md in the repository)' },
      },
      // Relative: the document is served by the API it describes, locally and behind any cloud domain.
      servers: [{ url: '/', description: 'This API, where this document was read from.' }],
      tags: Object.entries(TAGS)
        .filter(([name]) => used.has(name as keyof typeof TAGS))
        .map(([name, description]) => ({ name, description })),
      security: [{ bearer: [] }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: TOKEN_HELP } },
      },
      paths,
    },
    // Only schemas with an id become components, each under that name; the others are written where they are used.
    { reused: 'inline' },
  );
}
