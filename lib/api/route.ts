import type * as z from 'zod';
import type { RouteAccess } from '../auth/access';

/** `exportSecret`: the key of the export's pseudonyms (Secrets Manager in the cloud). */
export type RouteResource = 'exportSecret';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type ResponseSpec =
  | { description: string; json: z.ZodType }
  | { description: string; contentType: string }
  | { description: string };

export interface RouteDefinition {
  operationId: string;
  method: HttpMethod;
  /** API Gateway path template, e.g. `/children/{childId}`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: RouteAccess;
  /** Served by the local runtime only (dev tokens, clock); the cloud stack leaves it out. */
  localOnly?: boolean;
  /** Module exporting `handler`, relative to the repository root. */
  handler: string;
  /** Files copied next to the function's bundle, relative to the repository root. */
  assets?: readonly string[];
  /** What the route's function is given beyond the table and the token issuer (the stack binds each). */
  uses?: readonly RouteResource[];
  request: {
    path?: z.ZodType<Record<string, string>>;
    query?: z.ZodType;
    headers?: z.ZodType;
    body?: z.ZodType;
  };
  /** Success responses; problem responses are added to the document from `access` and `request`. */
  responses: Readonly<Record<number, ResponseSpec>>;
}

export const defineRoute = <const R extends RouteDefinition>(route: R): R => route;

/** `GET /children/{childId}` — the route key API Gateway and the local runtime match on. */
export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;
