import { decodeCursor, encodeCursor, type StartKey } from '../http/cursor';

export const DEFAULT_PAGE_SIZE = 25;

export interface PageRequest {
  limit: number;
  cursor: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The start key of a page, checked to continue a list of the given partition. */
export function startKey(page: PageRequest, partition: StartKey): StartKey | undefined {
  return decodeCursor(page.cursor, partition);
}

export function pageOf<T>(items: T[], lastEvaluatedKey: Record<string, unknown> | undefined): Page<T> {
  return { items, nextCursor: encodeCursor(lastEvaluatedKey) };
}

export function pageRequest(query: { limit?: number | undefined; cursor?: string | undefined }, maxPageSize: number): PageRequest {
  return { limit: Math.min(query.limit ?? DEFAULT_PAGE_SIZE, maxPageSize), cursor: query.cursor };
}
