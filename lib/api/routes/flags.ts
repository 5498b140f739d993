/** Routes of the table (lib/api/routes/index.ts): Flags: the concerns a worker raises, the officers’ list, acknowledging and resolving. */
import { defineRoute } from '../route';
import { ChildPathSchema } from '../schemas/children';
import { AcknowledgeFlagSchema, FlagPathSchema, FlagQuerySchema, FlagViewSchema, FlagsSchema, RaiseConcernSchema, ResolveFlagSchema } from '../schemas/flags';
import { IdempotencyHeadersSchema } from '../schemas/visits';
import { flagReaders } from './callers';


export const raiseConcern = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/children/{childId}/concerns',
  summary: 'Raise a concern about a child: safeguarding, re-trafficking risk, missing, placement breakdown',
  description:
    'A `concern` flag (high), routed to the child’s municipality and published at once; acknowledged and resolved ' +
    'like any flag. The case’s worker or supervisor may raise one, and an officer for a child of their ' +
    'municipality. With an `Idempotency-Key` a retry returns the first answer and raises nothing twice.',
  tag: 'Flags',
  access: flagReaders,
  scope: { record: 'child', load: 'child', access: 'raiseConcern', audit: 'concern.raise' },
  handler: 'functions/flags/raise-concern.ts',
  request: { path: ChildPathSchema, headers: IdempotencyHeadersSchema, body: RaiseConcernSchema },
  responses: { 201: { description: 'The concern flag, as the caller may see it.', json: FlagViewSchema } },
});

export const listFlags = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/flags',
  summary: 'Flags in my scope, newest first, each with the minimal child summary',
  description:
    'A municipal officer sees the flags of their municipalities; a social worker those of their children; ' +
    'a supervisor those of their organisation. Default: open and acknowledged flags.',
  tag: 'Flags',
  access: flagReaders,
  handler: 'functions/flags/list.ts',
  request: { query: FlagQuerySchema },
  responses: { 200: { description: 'One page of flags.', json: FlagsSchema } },
});

export const getFlag = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/flags/{flagId}',
  summary: 'One flag with its history and the minimal child summary',
  tag: 'Flags',
  access: flagReaders,
  scope: { record: 'flag', access: 'read', audit: 'flag.read' },
  handler: 'functions/flags/get.ts',
  request: { path: FlagPathSchema },
  responses: { 200: { description: 'The flag.', json: FlagViewSchema } },
});

export const acknowledgeFlag = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/flags/{flagId}/acknowledgement',
  summary: 'Acknowledge an open flag (open → acknowledged)',
  description: 'An acknowledged flag is no longer escalated. Anything but an open flag is 409.',
  tag: 'Flags',
  access: flagReaders,
  scope: { record: 'flag', access: 'write', audit: 'flag.acknowledge' },
  handler: 'functions/flags/acknowledge.ts',
  request: { path: FlagPathSchema, body: AcknowledgeFlagSchema },
  responses: { 200: { description: 'The flag.', json: FlagViewSchema } },
});

export const resolveFlag = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/flags/{flagId}/resolution',
  summary: 'Resolve a flag with a note (open or acknowledged → resolved)',
  tag: 'Flags',
  access: flagReaders,
  scope: { record: 'flag', access: 'write', audit: 'flag.resolve' },
  handler: 'functions/flags/resolve.ts',
  request: { path: FlagPathSchema, body: ResolveFlagSchema },
  responses: { 200: { description: 'The flag.', json: FlagViewSchema } },
});
