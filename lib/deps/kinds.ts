import { projectorDeps } from './projector';
import { publisherDeps } from './publisher';
import { routeDeps } from './route';
import { sweepDeps } from './sweep';

/**
 * How each kind of function builds its dependencies from the environment the stack gives it, and nothing more: a
 * function is never built from configuration it is not given (test/infra/function-deps.test.ts builds every
 * synthesized function's dependencies from its template environment). Each function's bundle imports its own
 * kind's module only, never this table.
 */
export const DEPS_OF_KIND = {
  /** Health, the contract and its page: no table, no token, no settings. */
  publicRoute: (): Record<string, never> => ({}),
  route: routeDeps,
  sweep: sweepDeps,
  projector: projectorDeps,
  publisher: publisherDeps,
} as const;

export type FunctionKind = keyof typeof DEPS_OF_KIND;
