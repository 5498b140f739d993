import { nextDelivery, type CallOutcome } from '../../local/stream-delivery';

/** Lambda's event source mapping, after one call of the consumer on a batch of five records (local/stream-delivery.ts). */
const BATCH = ['100', '200', '300', '400', '500'];
const after = (outcome: CallOutcome, { batch = BATCH, attempts = {} as Record<string, number>, maxAttempts = 3 } = {}) =>
  nextDelivery({ sequenceNumbers: batch, outcome, attemptsOf: (sequenceNumber) => attempts[sequenceNumber] ?? 0, maxAttempts });

describe('the stream poller’s next delivery after a call', () => {
  it('a batch handled in full moves the shard past its last record', () => {
    expect(after({ failed: 'none' })).toEqual({ action: 'advance', position: '500' });
  });

  it('a call that failed as a whole on several records is split: its first half is retried alone (bisectBatchOnError)', () => {
    expect(after({ failed: 'batch' })).toEqual({ action: 'bisect', batchSize: 3 });
    expect(after({ failed: 'batch' }, { batch: ['100', '200'] })).toEqual({ action: 'bisect', batchSize: 1 });
  });

  it('a call that failed as a whole on one record retries that record, keeps the bisected size, and counts the attempt', () => {
    expect(after({ failed: 'batch' }, { batch: ['300'], attempts: { '300': 1 } })).toEqual({
      action: 'retry',
      failed: '300',
      attempts: 2,
      keepBisecting: true,
    });
  });

  it('a partial batch failure retries from the first failed record, the records before it done, and ends any bisecting', () => {
    expect(after({ failed: 'record', sequenceNumber: '300' })).toEqual({ action: 'retry', failed: '300', attempts: 1, position: '200', keepBisecting: false });
    expect(after({ failed: 'record', sequenceNumber: '100' })).toEqual({ action: 'retry', failed: '100', attempts: 1, keepBisecting: false });
  });

  it('a record that fails its last attempt is parked and the shard moves past it, whether it failed alone or as a batch item', () => {
    expect(after({ failed: 'record', sequenceNumber: '300' }, { attempts: { '300': 2 } })).toEqual({ action: 'park', failed: '300', index: 2 });
    expect(after({ failed: 'batch' }, { batch: ['300'], attempts: { '300': 2 } })).toEqual({ action: 'park', failed: '300', index: 0 });
    expect(after({ failed: 'batch' }, { batch: ['300'], maxAttempts: 1 })).toEqual({ action: 'park', failed: '300', index: 0 });
  });

  it('only the failed record’s own attempts count towards parking it', () => {
    expect(after({ failed: 'record', sequenceNumber: '400' }, { attempts: { '300': 2 } })).toMatchObject({ action: 'retry', failed: '400', attempts: 1 });
  });

  it('a batch item failure that names no record of the batch leaves nothing to retry: the batch is done', () => {
    expect(after({ failed: 'record', sequenceNumber: '999' })).toEqual({ action: 'advance', position: '500' });
  });
});
