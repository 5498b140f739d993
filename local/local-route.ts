import type { RouteDefinition } from '../lib/api/route';
import type { Deps } from '../lib/deps';
import { httpHandler, type LambdaHttpHandler, type RouteRequest, type RouteResponse } from '../lib/http/handler';
import type { LocalState } from './state';

/** What the local runtime binds each route's module with: the product's dependencies, and its own state. */
export interface BindableHandler {
  withDeps(deps: Deps, local: LocalState): LambdaHttpHandler;
}

/**
 * The handler of a local-only route (dev tokens, the clock, the outbox): the shared HTTP handler, with the local
 * runtime's state it is bound to. It has no deployed form: the stack leaves local-only routes out.
 */
export function localRouteHandler<const R extends RouteDefinition>(
  route: R,
  run: (request: RouteRequest<R>, local: LocalState) => Promise<RouteResponse>,
): BindableHandler {
  return { withDeps: (deps, local) => httpHandler(route, (request) => run(request, local)).withDeps(deps) };
}
