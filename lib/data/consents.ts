import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { AuditEntry } from '../domain/audit';
import type { Child } from '../domain/case';
import type { Consent } from '../domain/consent';
import { childItem } from './items';
import { auditWrite } from './audit';
import type { Db } from './db';
import { keys } from './keys';

/** A child's consents, in the order they were recorded. */
export async function listConsents(db: Db, childId: string): Promise<Consent[]> {
  const { Items = [] } = await db.table
    .build(QueryCommand)
    .query({ partition: keys.consentsOf(childId) })
    .entities(db.consents)
    .options({ consistent: true, maxPages: Infinity })
    .send();
  return Items;
}

export async function findConsent(db: Db, childId: string, consentId: string): Promise<Consent | undefined> {
  const { Item } = await db.consents.build(GetItemCommand).key({ childId, consentId }).options({ consistent: true }).send();
  return Item;
}

/**
 * A new consent, or a withdrawal, with its audit record in one transaction. A withdrawal is written on the condition
 * that none was recorded meanwhile, so two at once cannot both say when the consent stopped.
 */
export async function saveConsent(
  db: Db,
  consent: Consent,
  audit: AuditEntry,
  condition: 'new' | 'notWithdrawn',
  child?: { changed: Child; versionRead: number },
): Promise<void> {
  await executeTransactWrite(
    db.consents
      .build(PutTransaction)
      .item(consent)
      .options({ condition: condition === 'new' ? { attr: 'consentId', exists: false } : { attr: 'withdrawal', exists: false } }),
    auditWrite(db, audit),
    // What officers may see of the child changes with the consent, in the same write (the child's version guards it).
    ...(child ? [db.children.build(PutTransaction).item(childItem(child.changed)).options({ condition: { attr: 'version', eq: child.versionRead } })] : []),
  );
}
