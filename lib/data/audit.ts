import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { batchesOf } from '../concurrency';
import type { AuditEntry } from '../domain/audit';
import type { Db } from './db';
import { keys } from './keys';
import { TABLE_DESIGN } from './table-design';
import { pageOf, startKey, type Page, type PageRequest } from './pages';
import { ParsedPutTransaction } from './parsed-put';

/**
 * The trail is append-only by construction: every audit record is put on the condition that it is new, so no
 * write can replace one (the one exception, a read attempt becoming its refusal, is put on the condition that it is
 * still that request's unrefused attempt); there is no batch write of audit records (a batch cannot carry a condition, and may
 * delete); and IAM denies UpdateItem, DeleteItem and BatchWriteItem on AUDIT# partitions to every function
 * (infra/constructs/audit-policy.ts, proven by the cloud tier's IAM simulation).
 */
const isNew = { attr: 'childId', exists: false } as const;

/** An audit record inside the transaction of the write it records: both land, or neither. */
export function auditWrite(db: Db, entry: AuditEntry) {
  return db.auditRecords.build(ParsedPutTransaction).item(entry).options({ condition: isNew });
}

/**
 * An audit entry as the entity stores it, built directly: every read writes one, and the entity's parser and condition
 * builder cost more CPU than the rest of a read (issue 19). test/lib/data/audit-item.test.ts holds it equal to what
 * the entity itself writes.
 */
export function auditItem(db: Db, entry: AuditEntry): Record<string, unknown> {
  const { entryId, childId, at, requestId, action, by, role, reason, outcome } = entry;
  return {
    childId,
    entryId,
    at,
    requestId,
    action,
    by,
    role,
    ...(reason === undefined ? {} : { reason }),
    ...(outcome === undefined ? {} : { outcome }),
    [db.table.entityAttributeSavedAs]: db.auditRecords.entityName,
    ...keys.audit(childId, entryId),
  };
}

/** The most writes DynamoDB takes in one transaction. */
export const TRANSACTION_ITEMS = 100;

/**
 * Records reads before their answer leaves: no answer without its audit records. One record is one conditional put. A
 * page's records go in one transaction per hundred: one round trip instead of one per child (issue 19), each record
 * still put on its own condition, which a batch write cannot carry. A transaction writes at twice a put's capacity
 * (docs/decisions.md).
 */
export async function auditReads(db: Db, entries: readonly AuditEntry[]): Promise<void> {
  const client = db.table.getDocumentClient();
  const put = (entry: AuditEntry) => ({
    TableName: db.table.getName(),
    Item: auditItem(db, entry),
    // Like `isNew`: the key is the item's, so an existing record is never replaced.
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': TABLE_DESIGN.partitionKey },
  });
  if (entries.length === 1) {
    await client.send(new PutCommand(put(entries[0]!)));
    return;
  }
  await Promise.all(batchesOf(entries, TRANSACTION_ITEMS).map((chunk) => client.send(new TransactWriteCommand({ TransactItems: chunk.map((entry) => ({ Put: put(entry) })) }))));
}

/**
 * How long the record of an attempt on a child that does not exist is kept: anyone signed in can name any id, and
 * nobody's trail holds these records, so they must not grow without bound; a month leaves time to look into probing.
 */
export const UNKNOWN_CHILD_ATTEMPT_DAYS = 30;

/**
 * Turns the record of a read attempt, written alongside the read, into the record of its refusal: once, by the
 * request that wrote it (the condition), before the 404 leaves. An attempt on a child that does not exist expires.
 * This is the one change an audit record ever takes, and it is a conditional put, like every audit write.
 */
export async function recordRefusal(db: Db, attempt: AuditEntry, childExists: boolean, now: Date): Promise<void> {
  const expiresAt = childExists ? {} : { expiresAt: Math.floor(now.getTime() / 1000) + UNKNOWN_CHILD_ATTEMPT_DAYS * 86_400 };
  await db.auditRecords
    .build(PutItemCommand)
    .item({ ...attempt, outcome: 'refused', ...expiresAt })
    .options({ condition: { and: [{ attr: 'requestId', eq: attempt.requestId }, { attr: 'outcome', exists: false }] } })
    .send();
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
