import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type { SweepDeps } from '../../lib/deps';
import { perContainer } from '../../lib/deps/container';
import { sweepDeps } from '../../lib/deps/sweep';
import { logger } from '../../lib/logger';
import { sweep } from '../../lib/sweep';

/**
 * The daily sweep, invoked by EventBridge Scheduler. An error makes the scheduler retry and, past its
 * retries, park the invocation on the dead-letter queue; a run cut short by time is finished by the next one.
 */
export function scheduledSweepHandler(deps: () => SweepDeps) {
  return middy<unknown, unknown, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (_event, context) => sweep(deps(), () => context.getRemainingTimeInMillis()));
}

export const handler = scheduledSweepHandler(perContainer(sweepDeps));
