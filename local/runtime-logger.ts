import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The local runtime's own lines (a stream poll that failed, a record parked), which belong to no invocation. A logger
 * of its own never takes a function's context: the product's logger keeps the last invocation's between invocations,
 * as in Lambda, so these lines would name whichever function had run last.
 */
export const runtimeLogger = new Logger({ serviceName: 'reintegration-api-local-runtime' });
