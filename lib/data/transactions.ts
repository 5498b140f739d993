import { isTransactionCancelled } from 'dynamodb-toolbox/entity/actions/transactWrite';

/** The most items one DynamoDB transaction may hold. */
export const TRANSACTION_LIMIT = 100;

/**
 * When a transaction is cancelled because a condition failed, the index of the first item whose condition
 * failed; undefined for any other error.
 */
export function failedConditionIndex(error: unknown): number | undefined {
  if (!isTransactionCancelled(error)) return undefined;
  const index = (error.CancellationReasons ?? []).findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
  return index === -1 ? undefined : index;
}

export function assertWithinTransactionLimit(count: number): void {
  if (count > TRANSACTION_LIMIT) {
    throw new Error(`a change of ${count} items exceeds the ${TRANSACTION_LIMIT}-item transaction limit`);
  }
}
