import { defineRoute, routeTable, type NamedRoute } from '../../lib/api/route';
import { ClockRequestSchema, ClockSchema, DevTokenRequestSchema, DevTokenSchema, OutboxSchema } from './schemas';

/**
 * The local runtime's own routes: dev tokens, the movable clock and the event outbox. They are defined here, never in
 * lib/api/routes, so the cloud stack and its OpenAPI document cannot know them; the local runtime serves them beside
 * the cloud table and documents them in its own copy of the contract.
 */
const issueDevToken = defineRoute({
  method: 'POST',
  path: '/local/tokens',
  summary: 'Local runtime only: a signed dev token for the given claims',
  tag: 'Local runtime',
  access: 'public',
  localOnly: true,
  handler: 'local/routes/issue-token.ts',
  request: { body: DevTokenRequestSchema },
  responses: { 201: { description: 'A bearer token.', json: DevTokenSchema } },
});

const setClock = defineRoute({
  method: 'PUT',
  path: '/local/clock',
  summary: 'Local runtime only: set the clock every time-based rule reads',
  tag: 'Local runtime',
  access: 'public',
  localOnly: true,
  handler: 'local/routes/set-clock.ts',
  request: { body: ClockRequestSchema },
  responses: { 200: { description: 'The clock now.', json: ClockSchema } },
});

const resetClock = defineRoute({
  method: 'DELETE',
  path: '/local/clock',
  summary: 'Local runtime only: return to real time',
  tag: 'Local runtime',
  access: 'public',
  localOnly: true,
  handler: 'local/routes/reset-clock.ts',
  request: {},
  responses: { 200: { description: 'The clock now.', json: ClockSchema } },
});

const getOutbox = defineRoute({
  method: 'GET',
  path: '/local/outbox',
  summary: 'Local runtime only: the events delivered so far (FlagRaised, FlagEscalated), newest first',
  description: 'In the cloud these go to the EventBridge bus, where each municipality subscribes.',
  tag: 'Local runtime',
  access: 'public',
  localOnly: true,
  handler: 'local/routes/outbox.ts',
  request: {},
  responses: { 200: { description: 'The outbox.', json: OutboxSchema } },
});

export const localRoutes = routeTable({ issueDevToken, setClock, resetClock, getOutbox });
export const localRouteList: readonly NamedRoute[] = Object.values(localRoutes);
