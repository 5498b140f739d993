import * as z from 'zod';
import { InvalidInput } from '../domain/errors';

export type StartKey = Record<string, string>;

const startKeySchema = z.record(z.string().max(64), z.string().max(512));

const invalidCursor = () =>
  new InvalidInput([{ path: 'query.cursor', message: 'is not a cursor returned for this list' }]);

/** The opaque `nextCursor` of a page: DynamoDB's LastEvaluatedKey, base64url-encoded. */
export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | null {
  return lastEvaluatedKey ? Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url') : null;
}

/**
 * Reads a cursor back and checks that it continues the same list: its partition attributes must equal the
 * ones of the query being continued, so a cursor can never move a caller into somebody else's partition.
 * With `attributes` (the key of the table or index queried), the start key must name exactly those, each
 * non-empty: DynamoDB refuses any other start key with a ValidationException, which would be a 500.
 */
export function decodeCursor(cursor: string | undefined, partition: StartKey, attributes?: readonly string[]): StartKey | undefined {
  if (cursor === undefined) return undefined;
  const key = parseCursor(cursor, startKeySchema);
  assertInPartition(key, partition);
  if (attributes) assertKeyShape(key, attributes);
  return key;
}

function parseCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw invalidCursor();
  return result.data;
}

function assertInPartition(key: StartKey, partition: StartKey): void {
  for (const [attribute, value] of Object.entries(partition)) {
    if (key[attribute] !== value) throw invalidCursor();
  }
}

function assertKeyShape(key: StartKey, attributes: readonly string[]): void {
  const names = Object.keys(key);
  if (names.length !== attributes.length || !attributes.every((name) => (key[name] ?? '') !== '')) throw invalidCursor();
}

/** Where each list of a merged page stands: the start key of its next read, or `null` once it is exhausted. */
export type MergedPosition = Record<string, StartKey | null>;

export function encodeMergedCursor(position: MergedPosition): string | null {
  return Object.values(position).some((key) => key !== null) ? Buffer.from(JSON.stringify(position)).toString('base64url') : null;
}

/**
 * Reads back the cursor of a page merged from several lists (a municipal officer's municipalities). Every list
 * it names must be one of the caller's, with a start key inside that list's partition. `attributesOf` gives the
 * key of the index a list is read from; a list's start key is then either empty (the list has not started) or
 * exactly that key, as for `decodeCursor`.
 */
export function decodeMergedCursor(
  cursor: string | undefined,
  partitions: Record<string, StartKey>,
  attributesOf?: (partition: StartKey) => readonly string[],
): MergedPosition | undefined {
  if (cursor === undefined) return undefined;
  const position = parseCursor(cursor, z.record(z.string().max(256), startKeySchema.nullable()));
  const names = Object.keys(partitions);
  if (Object.keys(position).length !== names.length) throw invalidCursor();
  for (const name of names) {
    const key = position[name];
    const partition = partitions[name]!;
    if (key === undefined) throw invalidCursor();
    if (key === null || Object.keys(key).length === 0) continue;
    assertInPartition(key, partition);
    if (attributesOf) assertKeyShape(key, attributesOf(partition));
  }
  return position;
}
