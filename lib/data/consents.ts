import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { AuditEntry } from '../domain/audit';
import type { Child } from '../domain/case';
import type { Consent } from '../domain/consent';
import { StaleRecord } from '../domain/errors';
import { childItem } from './items';
import { auditWrite } from './audit';
import type { Db } from './db';
import { keys } from './keys';
import { failedConditionIndex } from './transactions';
import { ParsedPutTransaction } from './parsed-put';

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

/**
 * A new consent, or a withdrawal, with its audit record in one transaction. A withdrawal is written on the condition
 * that none was recorded meanwhile, so two at once cannot both say when the consent stopped; a change of the child
 * that rides along, on the child's version. Either failing is a `StaleRecord`, and nothing is written.
 */
export async function saveConsent(
  db: Db,
  consent: Consent,
  audit: AuditEntry,
  condition: 'new' | 'notWithdrawn',
  child?: { changed: Child; versionRead: number },
): Promise<void> {
  try {
    await executeTransactWrite(
      db.consents
        .build(ParsedPutTransaction)
        .item(consent)
        .options({ condition: condition === 'new' ? { attr: 'consentId', exists: false } : { attr: 'withdrawal', exists: false } }),
      auditWrite(db, audit),
      // What officers may see of the child changes with the consent, in the same write (the child's version guards it).
      ...(child ? [db.children.build(ParsedPutTransaction).item(childItem(child.changed)).options({ condition: { attr: 'version', eq: child.versionRead } })] : []),
    );
  } catch (error) {
    const failed = failedConditionIndex(error);
    if (failed === 0 && condition === 'notWithdrawn') throw new StaleRecord('This consent was withdrawn meanwhile.');
    if (failed === 2) throw new StaleRecord('The case changed meanwhile; try again.');
    throw error;
  }
}
