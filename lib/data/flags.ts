import { PutTransaction, QueryCommand } from 'dynamodb-toolbox';
import type { Flag, FlagChange } from '../domain/flags';
import type { Db } from './db';
import { keys } from './keys';

/** Every flag of a child, open or not (a few per year of follow-up). */
export async function flagsOfChild(db: Db, childId: string): Promise<Flag[]> {
  const { Items = [] } = await db.table
    .build(QueryCommand)
    .query({ partition: keys.child(childId).pk, range: { beginsWith: keys.flagPrefix } })
    .entities(db.flags)
    .options({ consistent: true, maxPages: Infinity })
    .send();
  return Items;
}

/**
 * Transaction items for new flags (each with its locator; both conditional on being new, so a subject is
 * flagged once) and for changed ones (conditional on being unchanged since read).
 */
export function flagWrites(db: Db, raised: readonly Flag[], changed: readonly FlagChange[]) {
  return [
    ...raised.flatMap((flag) => [
      db.flags.build(PutTransaction).item(flag).options({ condition: { attr: 'subject', exists: false } }),
      db.flagLocators
        .build(PutTransaction)
        .item({ flagId: flag.flagId, childId: flag.childId, subject: flag.subject })
        .options({ condition: { attr: 'flagId', exists: false } }),
    ]),
    ...changed.map(({ flag, updatedAtRead }) =>
      db.flags.build(PutTransaction).item(flag).options({ condition: { attr: 'updatedAt', eq: updatedAtRead } }),
    ),
  ];
}
