/**
 * An object with one member per key, typed by its keys: what `Object.fromEntries(keys.map(...)) as Record<...>` was
 * written out for in the domain, the entities and the API schemas. Marked free of side effects for esbuild, so a
 * function's bundle drops a schema built with it that its route does not use (issue 19).
 */
/* @__NO_SIDE_EFFECTS__ */
export function keyedBy<const K extends string, V>(keys: readonly K[], valueOf: (key: K) => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, valueOf(key)])) as Record<K, V>;
}
