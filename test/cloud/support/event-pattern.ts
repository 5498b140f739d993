/**
 * EventBridge's event pattern matching, which Lambda's event filtering also uses, for the forms the template
 * holds: a field's list of exact values, `prefix` and `exists`. Any other operator throws, so a new pattern in
 * the stack is taught here rather than silently matching everything.
 */
type Pattern = { [key: string]: Pattern | readonly unknown[] };

function matchesValue(condition: unknown, value: unknown, present: boolean): boolean {
  if (condition === null || typeof condition !== 'object') return present && condition === value;
  const operator = condition as Record<string, unknown>;
  if ('prefix' in operator) return typeof value === 'string' && value.startsWith(String(operator.prefix));
  if ('exists' in operator) return operator.exists === present;
  throw new Error(`event pattern operator not supported here: ${JSON.stringify(condition)}`);
}

function matchesField(conditions: readonly unknown[], value: unknown, present: boolean): boolean {
  const values = Array.isArray(value) ? value : [value];
  return conditions.some((condition) => values.some((v) => matchesValue(condition, v, present)));
}

export function matchesPattern(pattern: unknown, event: unknown): boolean {
  const record = (event ?? {}) as Record<string, unknown>;
  return Object.entries(pattern as Pattern).every(([key, condition]) => {
    const present = key in record;
    if (Array.isArray(condition)) return matchesField(condition, record[key], present);
    return present && matchesPattern(condition, record[key]);
  });
}
