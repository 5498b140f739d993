import { MAX_BODY_BYTES } from '../http/limits';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponseObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import type { RouteDefinition } from './route';
import { ProblemSchema } from './schemas/common';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

function operation(route: RouteDefinition): ZodOpenApiOperationObject {
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] =
      'json' in spec
        ? { description: spec.description, content: { 'application/json': { schema: spec.json } } }
        : 'contentType' in spec
          ? { description: spec.description, content: { [spec.contentType]: {} } }
          : { description: spec.description };
  }
  const { path, query, headers, body } = route.request;
  if (path || query || headers || body) responses['400'] = problem('Invalid input; nothing was written.');
  if (route.access !== 'public') {
    responses['401'] = problem('Missing or invalid bearer token.');
    responses['403'] = problem('The role may not call this route.');
  }
  if (path) responses['404'] = problem('Unknown, or outside the caller’s scope.');
  if (body) responses['413'] = problem(`The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  if (route.method !== 'GET') responses['409'] = problem('Stale version or conflicting state.');
  responses['503'] = problem('The database is busy; retry after the Retry-After seconds.');
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

/** The OpenAPI 3.1 document, generated from the route table and the same zod schemas that validate. */
export function openApiDocument(routes: readonly RouteDefinition[], serverUrl?: string) {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return createDocument(
    {
      openapi: '3.1.0',
      info: {
        title: 'Reintegration follow-up tracker',
        version: '1.0.0',
        description:
          'Long-term follow-up of children being reintegrated after trafficking. Dates are YYYY-MM-DD, ' +
          'timestamps ISO 8601 UTC, errors RFC 9457 problem details, lists `{items, nextCursor}`.',
      },
      ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
      security: [{ bearer: [] }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      paths,
    },
    { reused: 'ref' },
  );
}
