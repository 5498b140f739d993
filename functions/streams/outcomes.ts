import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { depsOf, freshness } from '../../lib/deps';
import { refreshOutcome } from '../../lib/data/outcomes';
import { childOfRecord } from '../../lib/events/records';
import { logger } from '../../lib/logger';

/**
 * Keeps the outcome projection in step with the records: every change to a child, a checkpoint or a flag
 * refreshes that child's share of the outcome tables. Records of one child in a batch share one refresh; a
 * child whose refresh fails fails its records only, which the event source retries and finally parks.
 */
export function outcomesHandler() {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    // Every line this invocation logs names this function and request, as the HTTP routes' lines do.
    logger.addContext(context);
    const refreshes = new Map<string, Promise<void>>();
    const refreshRecord = async (record: DynamoDBRecord) => {
      const childId = childOfRecord(record);
      if (!childId) return;
      const deps = depsOf('projector');
      if (!refreshes.has(childId)) refreshes.set(childId, refreshOutcome(deps.db, childId, freshness(deps)));
      await refreshes.get(childId);
    };
    // One after another: children of one batch often share a cell, and in turn they never contend for it.
    return processPartialResponse(event, refreshRecord, processor, { context, processInParallel: false });
  };
}

export const handler = outcomesHandler();
