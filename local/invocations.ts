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
  /** Whether an invocation runs alone, on Powertools' shared state, as every invocation does in Lambda's usual model. */
  #aloneRunning = false;
  /** Invocations running in a context of their own, because another was running when they started. */
  #inContexts = 0;

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

  /** Runs one invocation: alone when none runs alone, else in a context of its own (see `inInvocation`). */
  async invoke<T>(requestId: string, call: () => Promise<T>): Promise<T> {
    const key = InvokeStoreBase.PROTECTED_KEYS.REQUEST_ID;
    if (!this.#aloneRunning && !this.hasContext()) {
      this.#aloneRunning = true;
      this.#outside[key] = requestId;
      try {
        return await call();
      } finally {
        delete this.#outside[key];
        this.#aloneRunning = false;
      }
    }
    this.#inContexts += 1;
    try {
      return await this.run({ [key]: requestId }, call);
    } finally {
      this.#inContexts -= 1;
      // No invocation runs in a context of its own: stop tracking every promise of the process until one does.
      if (this.#inContexts === 0) this.#contexts.disable();
    }
  }
}

let store: ConcurrentInvokeStore | undefined;

/**
 * Runs one invocation of a function, isolated from any other that runs at the same time. The local runtime is one
 * process running every function's invocations at once, as Lambda does with multi-concurrency
 * (AWS_LAMBDA_MAX_CONCURRENCY): Powertools then keeps what belongs to one invocation (the logger's function name,
 * request id and keys, the metrics' dimensions) in the InvokeStore it finds on `globalThis.awslambda`, and on the one
 * state it shares otherwise. Without that, a stream consumer's log lines carried the function name of whichever
 * request had run last.
 *
 * An invocation that starts while none runs alone runs alone, on the shared state, as in Lambda's usual model of one
 * invocation at a time; only one that overlaps it gets an async context of its own. Node 20's AsyncLocalStorage
 * hooks every promise of the process while it is enabled, which cost the runtime 0.3 ms of CPU per request (7%,
 * measured on `GET /children/{childId}`), so it is disabled again whenever no invocation is in a context.
 */
export function inInvocation<T>(requestId: string, call: () => Promise<T>): Promise<T> {
  if (!store) {
    store = new ConcurrentInvokeStore();
    globalThis.awslambda = { ...globalThis.awslambda, InvokeStore: store };
    // Powertools reads it on every access, and scopes its state to the invocation only while it is set.
    process.env.AWS_LAMBDA_MAX_CONCURRENCY ??= '1000';
  }
  return store.invoke(requestId, call);
}
