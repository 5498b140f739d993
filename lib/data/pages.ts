import { decodeCursor, encodeCursor, type StartKey } from './cursor';
import { TABLE_DESIGN, type LocalIndexName } from './table-design';

export const DEFAULT_PAGE_SIZE = 25;

export interface PageRequest {
  limit: number;
  cursor: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The attributes of a start key (DynamoDB's LastEvaluatedKey) for a query of `partition`: the table's key, plus
 * the key of the index the partition attribute belongs to. A global index is known by its partition attribute;
 * a local index shares the table's, so a query of one names it (`localIndex`).
 */
export function keyAttributes(partition: StartKey, localIndex?: LocalIndexName): string[] {
  const table = [TABLE_DESIGN.partitionKey, TABLE_DESIGN.sortKey];
  const global = TABLE_DESIGN.globalIndexes.find((index) => index.partitionKey in partition);
  if (global) return [...table, global.partitionKey, global.sortKey];
  const local = TABLE_DESIGN.localIndexes.find((index) => index.name === localIndex);
  return local ? [...table, local.sortKey] : table;
}

/**
 * The start key of a page, checked to continue a list of the given partition and to have the shape of a key of
 * the table or index queried: a cursor edited to any other shape is a 400, not a DynamoDB error.
 */
export function startKey(page: PageRequest, partition: StartKey, localIndex?: LocalIndexName): StartKey | undefined {
  return decodeCursor(page.cursor, partition, keyAttributes(partition, localIndex));
}

export function pageOf<T>(items: T[], lastEvaluatedKey: Record<string, unknown> | undefined): Page<T> {
  return { items, nextCursor: encodeCursor(lastEvaluatedKey) };
}

export function pageRequest(query: { limit?: number | undefined; cursor?: string | undefined }, maxPageSize: number): PageRequest {
  return { limit: Math.min(query.limit ?? DEFAULT_PAGE_SIZE, maxPageSize), cursor: query.cursor };
}
