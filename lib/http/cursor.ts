import * as z from 'zod';
import { BadRequest } from './problems';

export type StartKey = Record<string, string>;

const startKeySchema = z.record(z.string().max(64), z.string().max(512));

const invalidCursor = () =>
  new BadRequest([{ path: 'query.cursor', message: 'is not a cursor returned for this list' }]);

/** The opaque `nextCursor` of a page: DynamoDB's LastEvaluatedKey, base64url-encoded. */
export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | null {
  return lastEvaluatedKey ? Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url') : null;
}

/**
 * Reads a cursor back and checks that it continues the same list: its partition attributes must equal the
 * ones of the query being continued, so a cursor can never move a caller into somebody else's partition.
 */
export function decodeCursor(cursor: string | undefined, partition: StartKey): StartKey | undefined {
  if (cursor === undefined) return undefined;
  const key = parseCursor(cursor, startKeySchema);
  assertInPartition(key, partition);
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

/** Where each list of a merged page stands: the start key of its next read, or `null` once it is exhausted. */
export type MergedPosition = Record<string, StartKey | null>;

export function encodeMergedCursor(position: MergedPosition): string | null {
  return Object.values(position).some((key) => key !== null) ? Buffer.from(JSON.stringify(position)).toString('base64url') : null;
}

/**
 * Reads back the cursor of a page merged from several lists (a municipal officer's municipalities). Every list
 * it names must be one of the caller's, with a start key inside that list's partition.
 */
export function decodeMergedCursor(cursor: string | undefined, partitions: Record<string, StartKey>): MergedPosition | undefined {
  if (cursor === undefined) return undefined;
  const position = parseCursor(cursor, z.record(z.string().max(256), startKeySchema.nullable()));
  const names = Object.keys(partitions);
  if (Object.keys(position).length !== names.length) throw invalidCursor();
  for (const name of names) {
    const key = position[name];
    if (key === undefined) throw invalidCursor();
    if (key !== null) assertInPartition(key, partitions[name]!);
  }
  return position;
}
