import type { DynamoDBRecord } from 'aws-lambda';

/** The entities whose changes move a child's outcome figures (dynamodb-toolbox's `_et`). */
export const OUTCOME_SOURCES: ReadonlySet<string> = new Set(['Child', 'Checkpoint', 'Flag', 'Referral', 'Plan']);

/** The partition each source lives in, by its prefix: a child's own, or its plan's (lib/data/keys.ts). */
const PARTITIONS = ['CHILD#', 'PLAN#'];

/** The child a stream record of a child, checkpoint, flag, referral or plan belongs to; undefined for anything else. */
export function childOfRecord(record: DynamoDBRecord): string | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  const entity = image?._et?.S;
  const partition = record.dynamodb?.Keys?.pk?.S;
  const prefix = partition && PARTITIONS.find((p) => partition.startsWith(p));
  if (!entity || !OUTCOME_SOURCES.has(entity) || !prefix) return undefined;
  return partition.slice(prefix.length);
}
