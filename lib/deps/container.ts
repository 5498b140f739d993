/**
 * A deployed function's dependencies: built from its container's environment on the first invocation that needs
 * them, then kept for the container's life. Only a handler module's `handler` export uses it; whatever runs a handler
 * elsewhere (the local runtime, the tests) builds its own dependencies and binds them instead.
 */
export function perContainer<T>(build: (env: NodeJS.ProcessEnv) => T): () => T {
  let built: { deps: T } | undefined;
  return () => (built ??= { deps: build(process.env) }).deps;
}
