import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { depsOf } from '../../lib/deps';
import { childOfRecord } from '../../lib/events/records';
import { logger } from '../../lib/logger';
import { outcomeRefresher } from '../../lib/use-cases/streams/refresh-outcomes';

/** A child whose refresh fails fails its records only, which the event source retries and finally parks. */
export function outcomesHandler() {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    // Every line this invocation logs names this function and request, as the HTTP routes' lines do.
    logger.addContext(context);
    const refresh = outcomeRefresher(() => depsOf('projector'));
    const refreshRecord = async (record: DynamoDBRecord) => {
      const childId = childOfRecord(record);
      if (childId) await refresh(childId);
    };
    // One after another: children of one batch often share a cell, and in turn they never contend for it.
    return processPartialResponse(event, refreshRecord, processor, { context, processInParallel: false });
  };
}

export const handler = outcomesHandler();
