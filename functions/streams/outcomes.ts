import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { ProjectorDeps } from '../../lib/deps';
import { perContainer } from '../../lib/deps/container';
import { projectorDeps } from '../../lib/deps/projector';
import { childOfRecord } from '../../lib/events/records';
import { logger } from '../../lib/logger';
import { outcomeRefresher } from '../../lib/use-cases/streams/refresh-outcomes';

/**
 * A child whose refresh fails fails its records only, which the event source retries and finally parks. The
 * dependencies are asked for only when a record names a child.
 */
export function outcomesHandler(deps: () => ProjectorDeps) {
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  return (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
    // Every line this invocation logs names this function and request, as the HTTP routes' lines do.
    logger.addContext(context);
    const refresh = outcomeRefresher(deps);
    const refreshRecord = async (record: DynamoDBRecord) => {
      const childId = childOfRecord(record);
      if (childId) await refresh(childId);
    };
    // One after another: children of one batch often share a cell, and in turn they never contend for it.
    return processPartialResponse(event, refreshRecord, processor, { context, processInParallel: false });
  };
}

export const handler = outcomesHandler(perContainer(projectorDeps));
