import type { DynamoDBRecord } from 'aws-lambda';

/** The entities whose changes move a child's outcome figures (dynamodb-toolbox's `_et`). */
export const OUTCOME_SOURCES: ReadonlySet<string> = new Set(['Child', 'Checkpoint', 'Flag', 'Referral']);

/** The child a stream record of a child, checkpoint, flag or referral belongs to; undefined for anything else. */
export function childOfRecord(record: DynamoDBRecord): string | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  const entity = image?._et?.S;
  const partition = record.dynamodb?.Keys?.pk?.S;
  if (!entity || !OUTCOME_SOURCES.has(entity) || !partition?.startsWith('CHILD#')) return undefined;
  return partition.slice('CHILD#'.length);
}
