import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import type { Child } from '../domain/case';
import type { AuditEntry } from '../domain/audit';
import { auditWrite } from './audit';
import { failedConditionIndex } from './transactions';
import { StaleRecord } from '../domain/errors';
import type { Flag, FlagChange } from '../domain/flags';
import type { Db } from './db';
import { flagItem } from './items';
import { storeAnswer, storedAnswer, type IdempotentRequest, type StoredAnswer } from './idempotency';
import { ParsedPutTransaction } from './parsed-put';

/**
 * Transaction items for new flags (each with its locator; both conditional on being new, so a subject is
 * flagged once) and for changed ones (conditional on being unchanged since read).
 */
export function flagWrites(db: Db, raised: readonly Flag[], changed: readonly FlagChange[]) {
  return [
    ...raised.flatMap((flag) => [
      db.flags.build(ParsedPutTransaction).item(flagItem(flag)).options({ condition: { attr: 'subject', exists: false } }),
      db.flagLocators
        .build(ParsedPutTransaction)
        .item({ flagId: flag.flagId, childId: flag.childId, subject: flag.subject })
        .options({ condition: { attr: 'flagId', exists: false } }),
    ]),
    ...changed.map(({ flag, updatedAtRead }) =>
      db.flags.build(ParsedPutTransaction).item(flagItem(flag)).options({ condition: { attr: 'updatedAt', eq: updatedAtRead } }),
    ),
  ];
}

/**
 * A flag by its id, with its child (for the summary every flag answer carries): the locator names the child and
 * subject, then both are read in one consistent batch.
 */
export async function findFlag(db: Db, flagId: string): Promise<{ flag: Flag | undefined; child: Child | undefined }> {
  const { Item: locator } = await db.flagLocators.build(GetItemCommand).key({ flagId }).options({ consistent: true }).send();
  if (!locator) return { flag: undefined, child: undefined };
  const command = db.table
    .build(BatchGetCommand)
    .requests(
      db.flags.build(BatchGetRequest).key({ childId: locator.childId, subject: locator.subject }),
      db.children.build(BatchGetRequest).key({ childId: locator.childId }),
    )
    .options({ consistent: true });
  const { Responses } = await executeBatchGet({ maxAttempts: 5 }, command);
  const [flag, child] = Responses[0] ?? [];
  return { flag, child };
}

/** Writes a change of one flag with its audit record; 409 when the flag changed since it was read. Answers the capacity consumed. */
export async function saveFlagChange(db: Db, { flag, updatedAtRead }: FlagChange, audit: AuditEntry) {
  try {
    return await executeTransactWrite(
      { capacity: 'TOTAL' },
      db.flags.build(ParsedPutTransaction).item(flagItem(flag)).options({ condition: { attr: 'updatedAt', eq: updatedAtRead } }),
      auditWrite(db, audit),
    );
  } catch (error) {
    if (failedConditionIndex(error) === 0) {
      throw new StaleRecord('The flag was changed by someone else since you read it; read it again.');
    }
    throw error;
  }
}

/**
 * Writes a concern flag with its audit record and, with an idempotency key, the answer, in one transaction. A
 * concurrent first attempt with the same key wins: its answer is returned, and nothing is raised twice.
 */
export async function commitConcern(
  db: Db,
  flag: Flag,
  answer: StoredAnswer,
  idempotency: { request: IdempotentRequest; at: Date } | undefined,
  audit: AuditEntry,
): Promise<{ answer: StoredAnswer; replayed: boolean }> {
  try {
    await executeTransactWrite(
      ...(idempotency ? [storeAnswer(db, idempotency.request, answer, idempotency.at)] : []),
      ...flagWrites(db, [flag], []),
      auditWrite(db, audit),
    );
    return { answer, replayed: false };
  } catch (error) {
    const first = idempotency && failedConditionIndex(error) === 0 ? await storedAnswer(db, idempotency.request) : undefined;
    if (first) return { answer: first, replayed: true };
    throw error;
  }
}
