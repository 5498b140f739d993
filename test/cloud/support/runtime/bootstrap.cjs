'use strict';
/**
 * The Lambda Node.js runtime, as far as a function's code can tell: it loads the bundle once (the cold start),
 * then runs one invocation at a time with a Lambda context, for as long as the container lives. The parent sends
 * `{type: 'invoke', id, event, timeoutMs}` and gets back `{type: 'result', id, result}` or `{..., error}`.
 * Plain JavaScript on purpose: the bundle runs in a bare `node`, as in AWS, not under ts-jest or tsx.
 */
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const taskRoot = process.env.LAMBDA_TASK_ROOT;
const handlerSpec = process.env._HANDLER;
const dot = handlerSpec.lastIndexOf('.');

const errorOf = (error) =>
  error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { name: 'Error', message: String(error) };

let handler;
let initError;
try {
  handler = require(path.join(taskRoot, handlerSpec.slice(0, dot)))[handlerSpec.slice(dot + 1)];
  if (typeof handler !== 'function') throw new Error(`${handlerSpec} is not a function`);
} catch (error) {
  initError = errorOf(error);
}

process.on('message', (message) => {
  if (message.type !== 'invoke') return;
  if (initError) {
    process.send({ type: 'result', id: message.id, error: initError, phase: 'init' });
    return;
  }
  const deadline = Date.now() + message.timeoutMs;
  const requestId = randomUUID();
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: '$LATEST',
    invokedFunctionArn: message.functionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: 'cloud-tier',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  Promise.resolve()
    .then(() => handler(message.event, context))
    .then(
      (result) => process.send({ type: 'result', id: message.id, result: result === undefined ? null : result }),
      (error) => process.send({ type: 'result', id: message.id, error: errorOf(error), phase: 'invoke' }),
    );
});

process.send({ type: 'ready', initError });
