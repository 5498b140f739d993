/**
 * What Lambda's DynamoDB stream event source mapping does after a call of the consumer, as a pure decision: the
 * local poller (stream-poller.ts) reads the shard and calls the handler, and this says where the shard goes next.
 * A batch whose call failed as a whole (it threw, or ran past its timeout) is split in two and retried
 * (bisectBatchOnError); a partial batch failure is retried from the first failed record, everything before it done;
 * a record that fails `maxAttempts` times is parked (the on-failure destination) so the rest of the shard proceeds.
 */

/** How a call ended: failed as a whole, its first batch item failure, or every record handled. */
export type CallOutcome = { failed: 'batch' } | { failed: 'record'; sequenceNumber: string } | { failed: 'none' };

export type NextDelivery =
  /** Retry the batch's first `batchSize` records alone, then the rest. */
  | { action: 'bisect'; batchSize: number }
  /** The batch is done: the shard moves past `position`. */
  | { action: 'advance'; position: string }
  /**
   * The record `failed` is delivered again (its `attempts` so far); the records before it are done through
   * `position`. A record failing alone in a bisected batch keeps the smaller batch size; a partial failure ends it.
   */
  | { action: 'retry'; failed: string; attempts: number; position?: string; keepBisecting: boolean }
  /** The record at `index`, `failed`, is set aside; the shard moves past it. */
  | { action: 'park'; failed: string; index: number };

export interface DeliveredBatch {
  /** The batch's records' sequence numbers, in shard order. */
  sequenceNumbers: readonly string[];
  outcome: CallOutcome;
  /** Failed deliveries of a record so far. */
  attemptsOf(sequenceNumber: string): number;
  maxAttempts: number;
}

export function nextDelivery({ sequenceNumbers, outcome, attemptsOf, maxAttempts }: DeliveredBatch): NextDelivery {
  if (outcome.failed === 'batch' && sequenceNumbers.length > 1) return { action: 'bisect', batchSize: Math.ceil(sequenceNumbers.length / 2) };
  const index = outcome.failed === 'batch' ? 0 : outcome.failed === 'record' ? sequenceNumbers.indexOf(outcome.sequenceNumber) : -1;
  // A batch item failure that names no record of the batch leaves nothing to retry, as in Lambda.
  if (index === -1) return { action: 'advance', position: sequenceNumbers.at(-1)! };
  const failed = sequenceNumbers[index]!;
  const attempts = attemptsOf(failed) + 1;
  if (attempts >= maxAttempts) return { action: 'park', failed, index };
  return {
    action: 'retry',
    failed,
    attempts,
    ...(index > 0 ? { position: sequenceNumbers[index - 1]! } : {}),
    keepBisecting: outcome.failed === 'batch',
  };
}
