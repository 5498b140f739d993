import type * as z from 'zod';
import type { RouteAccess } from '../auth/access';
import type { ChildAccess } from '../auth/scope';
import type { ChildLoad } from '../data/scoped-records';
import type { AuditAction } from '../domain/audit';

/**
 * The one record a route acts on, how the shared handler finds it, and how the caller must stand to it. The
 * handler factory loads it (with what the route needs, in the same round trips), checks the caller's scope
 * (lib/auth/scope.ts), audits the access, refused and replayed ones too, and hands the route a checked record.
 * `audit` names the access in the child's trail: a reading route's record is written by the factory once the
 * answer is ready; a changing route writes its record inside its own transaction, and the factory writes one only
 * for a refused or replayed request.
 */
export type RecordScope =
  | { record: 'child'; load: ChildLoad; access: ChildAccess; audit: AuditAction | 'none' }
  | { record: 'flag'; access: 'read' | 'write'; audit: AuditAction }
  | { record: 'referral'; access: 'read' | 'write'; audit: AuditAction };

/** `exportSecret`: the key of the export's pseudonyms (Secrets Manager in the cloud); `directory`: who staff are (the user pool). */
export type RouteResource = 'exportSecret' | 'directory';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The groups of the OpenAPI document, in the order Swagger UI shows them, with what each holds. */
export const TAGS = {
  Children: 'Enrolment, the case, its closure and reopening, break-the-glass access and the audit trail.',
  Checkpoints: 'The follow-up schedule of a child and the agenda of the checkpoints due.',
  Visits: 'Follow-up visits, and the trajectory per domain they make.',
  Flags: 'Missed visits, regressions, lost contact and concerns, routed to the municipality; the sweep that finds them.',
  Consent: 'What the child or their guardian agreed to: municipal sharing, referrals, research; withdrawn from that moment.',
  Referrals: 'Services asked of a provider for a child, from the request to the delivery; municipal services act on theirs.',
  Plan: 'The child’s reintegration plan: goals per domain with their actions, its review, and the child’s part in it; versioned.',
  Outcomes: 'Aggregated, disclosure-controlled figures for evaluators: never a name.',
  'Reference data': 'Municipalities, kept by the admin.',
  System: 'Liveness, this contract and the page to try it.',
  'Local runtime': 'Only in the local runtime (`npm start`): dev tokens, the movable clock and the event outbox. Absent from the cloud.',
} as const;
export type Tag = keyof typeof TAGS;

export type ResponseSpec =
  | { description: string; json: z.ZodType }
  /** Several types: the handler says which in its `content-type` header. */
  | { description: string; contentType: string | readonly string[] }
  | { description: string };

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/children/{childId}`. */
  path: string;
  summary: string;
  description?: string;
  tag: Tag;
  access: RouteAccess;
  /** Why a public route needs no token; the stack tells cdk-nag (AwsSolutions-APIG4), which reports a public route without one. */
  publicBecause?: string;
  /** Required of every route whose path names a record (`{childId}`, `{flagId}`, `{referralId}`): test/lib/api/routes.test.ts. */
  scope?: RecordScope;
  /** Defined under local/ and served by the local runtime only (dev tokens, clock): the cloud has no such route. */
  localOnly?: true;
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

/** A route of a composed table: its `operationId` is its name there. */
export type NamedRoute = RouteDefinition & { operationId: string };

/**
 * A table of routes named by their keys. Route modules export each route as its own constant, so that a handler
 * imports its route alone; only what serves or documents every route (the stack, the local runtime, the OpenAPI
 * document, tests) composes a table.
 */
export function routeTable<const T extends Record<string, RouteDefinition>>(definitions: T): { [K in keyof T & string]: T[K] & { operationId: K } } {
  return Object.fromEntries(Object.entries(definitions).map(([operationId, route]) => [operationId, { ...route, operationId }])) as {
    [K in keyof T & string]: T[K] & { operationId: K };
  };
}

/** `GET /children/{childId}` — the route key API Gateway and the local runtime match on. */
export const routeKey = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;
