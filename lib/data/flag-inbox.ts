import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { batchGetFormatted, sendQuery } from './formatted-query';
import type { FlagListOwner } from '../auth/access';
import type { Principal } from '../auth/principal';
import { flagVisibleTo } from '../auth/scope';
import type { Child } from '../domain/case';
import { flagViewFor } from '../domain/flag-views';
import type { IsoDate } from '../domain/dates';
import type { Flag, FlagStatus, FlagType, Severity } from '../domain/flags';
import { decodeMergedCursor, encodeMergedCursor, type MergedPosition, type StartKey } from './cursor';
import type { Db } from './db';
import { flagItem } from './items';
import { keys, type FlagShelf } from './keys';
import { keyAttributes, type Page, type PageRequest } from './pages';

/** One flag list: a municipality's, a case worker's or an organisation's, on one shelf. */
export interface FlagList {
  index: 'byMunicipality' | 'byCaseWorker' | 'byOrganisation';
  attribute: 'gsi4pk' | 'gsi1pk' | 'gsi2pk';
  partition: string;
}

export function flagLists(owner: FlagListOwner, shelf: FlagShelf): FlagList[] {
  switch (owner.by) {
    case 'municipalities':
      return owner.municipalityIds.map((id) => ({ index: 'byMunicipality', attribute: 'gsi4pk', partition: keys.flagsOfMunicipality(id, shelf) }));
    case 'caseWorker':
      return [{ index: 'byCaseWorker', attribute: 'gsi1pk', partition: keys.flagsOfWorker(owner.caseWorkerId, shelf) }];
    case 'organisation':
      return [{ index: 'byOrganisation', attribute: 'gsi2pk', partition: keys.flagsOfOrganisation(owner.organisationId, shelf) }];
  }
}

export interface FlagFilters {
  status?: FlagStatus;
  type?: FlagType;
  severity?: Severity;
  municipalityId?: string;
  /** A worker's or supervisor's lists are kept to the organisation they are in now. */
  organisationId?: string;
}

const sortKeyAttribute = { gsi4pk: 'gsi4sk', gsi1pk: 'gsi1sk', gsi2pk: 'gsi2sk' } as const;

/** The start key that continues a list right after `flag`: its table key and its key in the list's index. */
function keyAfter(list: FlagList, flag: Flag): StartKey {
  const item = flagItem(flag);
  const { pk, sk } = keys.flag(flag.childId, flag.subject);
  return { pk, sk, [list.attribute]: list.partition, [sortKeyAttribute[list.attribute]]: item[sortKeyAttribute[list.attribute]] };
}

/**
 * Newest first across several lists (an officer may serve several municipalities): each list is read from
 * where the cursor left it, the pages are merged by raise time, and the cursor remembers, per list, the last
 * flag that made it into the answer.
 */
export async function listFlags(db: Db, lists: readonly FlagList[], filters: FlagFilters, page: PageRequest): Promise<Page<Flag>> {
  const partitions = Object.fromEntries(lists.map((list) => [list.partition, { [list.attribute]: list.partition }]));
  const position: MergedPosition =
    decodeMergedCursor(page.cursor, partitions, keyAttributes) ?? Object.fromEntries(lists.map((list) => [list.partition, {}]));

  const conditions = [
    ...(filters.status ? [{ attr: 'status', eq: filters.status } as const] : []),
    ...(filters.type ? [{ attr: 'type', eq: filters.type } as const] : []),
    ...(filters.severity ? [{ attr: 'severity', eq: filters.severity } as const] : []),
    ...(filters.municipalityId ? [{ attr: 'municipalityId', eq: filters.municipalityId } as const] : []),
    ...(filters.organisationId ? [{ attr: 'organisationId', eq: filters.organisationId } as const] : []),
  ];

  const reads = await Promise.all(
    lists.map(async (list) => {
      const start = position[list.partition];
      if (start === null || start === undefined) return { list, items: [] as Flag[], last: undefined, done: true };
      const exclusiveStartKey = Object.keys(start).length > 0 ? start : undefined;
      const { Items = [], LastEvaluatedKey } = await sendQuery(
        db.table
          .build(QueryCommand)
          .query({ index: list.index, partition: list.partition })
          .entities(db.flags)
          .options({
            limit: page.limit,
            reverse: true,
            ...(conditions.length > 0 ? { filters: { Flag: { and: conditions } } } : {}),
            ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
          }),
      );
      return { list, items: Items, last: LastEvaluatedKey as StartKey | undefined, done: !LastEvaluatedKey };
    }),
  );

  const merged = reads
    .flatMap(({ list, items }) => items.map((flag) => ({ list, flag })))
    .sort((a, b) => keys.flagSort(b.flag.raisedAt, b.flag.flagId).localeCompare(keys.flagSort(a.flag.raisedAt, a.flag.flagId)))
    .slice(0, page.limit);

  const next: MergedPosition = {};
  for (const read of reads) {
    const taken = merged.filter((m) => m.list === read.list);
    const allTaken = taken.length === read.items.length;
    const previous = position[read.list.partition] ?? null;
    if (previous === null) next[read.list.partition] = null;
    else if (allTaken) next[read.list.partition] = read.done ? null : (read.last ?? null);
    else if (taken.length > 0) next[read.list.partition] = keyAfter(read.list, taken.at(-1)!.flag);
    else next[read.list.partition] = previous;
  }
  return { items: merged.map((m) => m.flag), nextCursor: encodeMergedCursor(next) };
}

/** The children of a page of flags, in one batch read. */
export async function childrenOf(db: Db, childIds: readonly string[]): Promise<Map<string, Child>> {
  const unique = [...new Set(childIds)];
  if (unique.length === 0) return new Map();
  const found = await batchGetFormatted(db.children, unique.map((childId) => ({ childId })), 5);
  const children = found.filter((child): child is Child => child !== undefined);
  return new Map(children.map((child) => [child.childId, child]));
}

/**
 * Each flag of a page the caller may still see, as their role sees it (lib/domain/flag-views.ts), the children read in one batch. A
 * flag stays on the list it was handled on, but a child transferred since is no longer the former worker's or the
 * former municipality's to see (lib/auth/scope.ts): such flags leave the page.
 */
export async function visibleWithChildSummaries(db: Db, reader: Principal, flags: readonly Flag[], today: IsoDate) {
  const children = await childrenOf(db, flags.map((flag) => flag.childId));
  const visible = flags.flatMap((flag) => {
    const child = children.get(flag.childId);
    return child && flagVisibleTo(reader, flag, child) ? [{ flag, child }] : [];
  });
  return {
    items: visible.map(({ flag, child }) => flagViewFor(reader, flag, child, today)),
    /** Whose data the page shows, for the audit trail. */
    childIds: [...new Set(visible.map(({ flag }) => flag.childId))],
  };
}
