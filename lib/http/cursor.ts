import { z } from 'zod';
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const key = startKeySchema.safeParse(parsed);
  if (!key.success) throw invalidCursor();
  for (const [attribute, value] of Object.entries(partition)) {
    if (key.data[attribute] !== value) throw invalidCursor();
  }
  return key.data;
}
