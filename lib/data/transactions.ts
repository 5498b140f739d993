import { isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';

/** The most items one DynamoDB transaction may hold. */
export const TRANSACTION_LIMIT = 100;

/**
 * When a transaction is cancelled because a condition failed, the index of the first item whose condition
 * failed; undefined for any other error.
 */
export function failedConditionIndex(error: unknown): number | undefined {
  return failedConditionIndexes(error)[0];
}

/** Every item whose condition failed when a transaction was cancelled (DynamoDB gives a reason per item); else none. */
export function failedConditionIndexes(error: unknown): number[] {
  if (!isTransactionCancelled(error)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

export function assertWithinTransactionLimit(count: number): void {
  if (count > TRANSACTION_LIMIT) {
    throw new Error(`a change of ${count} items exceeds the ${TRANSACTION_LIMIT}-item transaction limit`);
  }
}

/** Reasons a transaction is cancelled that go away on their own: another transaction held an item, or capacity. */
const TRANSIENT_CANCELLATIONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/**
 * A transaction guarded by what was read lost to another writer: a condition failed (the record changed since) or the
 * cancellation is transient. Reading again and retrying is the answer.
 */
export function lostRace(error: unknown): boolean {
  return failedConditionIndex(error) !== undefined || isTransientCancellation(error);
}

/** A cancelled transaction none of whose items failed for good (no failed condition, no invalid item). */
export function isTransientCancellation(error: unknown): boolean {
  if (!isTransactionCancelled(error)) return false;
  const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None').filter((code) => code !== 'None');
  return codes.length > 0 && codes.every((code) => TRANSIENT_CANCELLATIONS.has(code));
}
