import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { depsOf } from '../../lib/deps';
import { logger } from '../../lib/logger';
import { sweep } from '../../lib/sweep';

/**
 * The daily sweep, invoked by EventBridge Scheduler. An error makes the scheduler retry and, past its
 * retries, park the invocation on the dead-letter queue; a run cut short by time is finished by the next one.
 */
export const handler = middy<unknown, unknown, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (_event, context) => sweep(depsOf('sweep'), () => context.getRemainingTimeInMillis()));
