import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { BatchWriteCommand, execute as executeBatchWrite } from 'dynamodb-toolbox/table/actions/batchWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { AuditEntry } from '../domain/audit';
import type { Db } from './db';
import { keys } from './keys';
import { pageOf, startKey, type Page, type PageRequest } from './pages';

/** An audit record inside the transaction of the write it records: both land, or neither. */
export function auditWrite(db: Db, entry: AuditEntry) {
  return db.auditRecords.build(PutTransaction).item(entry).options({ condition: { attr: 'childId', exists: false } });
}

const BATCH = 25;

/** Records reads before their answer leaves: no answer without its audit records. */
export async function auditReads(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += BATCH) {
    const requests = entries.slice(i, i + BATCH).map((entry) => db.auditRecords.build(BatchPutRequest).item(entry));
    await executeBatchWrite({ maxAttempts: 5 }, db.table.build(BatchWriteCommand).requests(...requests));
  }
}

/** A child's audit trail, oldest first. */
export async function listAudit(db: Db, childId: string, page: PageRequest): Promise<Page<AuditEntry>> {
  const partition = keys.auditOf(childId);
  const exclusiveStartKey = startKey(page, { pk: partition });
  const { Items = [], LastEvaluatedKey } = await db.table
    .build(QueryCommand)
    .query({ partition })
    .entities(db.auditRecords)
    .options({ limit: page.limit, consistent: true, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
    .send();
  return pageOf(Items, LastEvaluatedKey);
}
