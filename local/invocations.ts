import { AsyncLocalStorage } from 'node:async_hooks';
import { InvokeStoreBase } from '@aws/lambda-invoke-store';

type InvocationContext = Record<string | symbol, unknown>;

/**
 * The InvokeStore Lambda keeps when one execution environment runs several invocations at once: each invocation's
 * values live in its own async context. The package's own multi-context store is created through a dynamic
 * `import()`, which jest's module sandbox cannot run, so the local runtime brings this one, built the same way.
 */
class ConcurrentInvokeStore extends InvokeStoreBase {
  readonly #contexts = new AsyncLocalStorage<InvocationContext>();
  /**
   * Outside any invocation (a module loading, a handler being built) values go to one shared context, as in Lambda's
   * single-invocation store: Powertools batch sets its initial state when a processor is built, and the runtime
   * builds its stream consumers again each time it starts.
   */
  readonly #outside: InvocationContext = {};

  getContext(): InvocationContext | undefined {
    return this.#contexts.getStore();
  }

  hasContext(): boolean {
    return this.#contexts.getStore() !== undefined;
  }

  get<T = unknown>(key: string | symbol): T | undefined {
    return (this.#contexts.getStore() ?? this.#outside)[key] as T | undefined;
  }

  set<T = unknown>(key: string | symbol, value: T): void {
    if (this.isProtectedKey(key)) throw new Error(`Cannot modify protected Lambda context field: ${String(key)}`);
    (this.#contexts.getStore() ?? this.#outside)[key] = value;
  }

  run<T>(context: InvocationContext, fn: () => T): T {
    return this.#contexts.run(context, fn);
  }
}

let store: ConcurrentInvokeStore | undefined;

/**
 * Runs one invocation of a function in a context of its own. The local runtime is one process running every
 * function's invocations at once, as Lambda does with multi-concurrency (AWS_LAMBDA_MAX_CONCURRENCY): Powertools then
 * keeps what belongs to one invocation (the logger's function name, request id and keys, the metrics' dimensions) in
 * the InvokeStore it finds on `globalThis.awslambda`. Without it they were one state shared by every invocation,
 * and a stream consumer's log lines carried the function name of whichever request had run last.
 */
export function inInvocation<T>(requestId: string, call: () => Promise<T>): Promise<T> {
  if (!store) {
    store = new ConcurrentInvokeStore();
    globalThis.awslambda = { ...globalThis.awslambda, InvokeStore: store };
    // Powertools reads it on every access, and scopes its state to the invocation only while it is set.
    process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '1000';
  }
  return store.run({ [InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID]: requestId }, call);
}
