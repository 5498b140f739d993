import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { inInvocation } from '../../local/invocations';
import { runtimeLogger } from '../../local/runtime-logger';

/** The JSON lines loggers write, to standard output or error, while `run` runs. */
async function linesOf(run: () => Promise<unknown>): Promise<Array<{ message: string; function_name?: string; function_request_id?: string }>> {
  const written: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written.flatMap((text) => text.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
}

const context = (functionName: string, awsRequestId: string) => ({ functionName, awsRequestId }) as Context;

describe('invocations of the local runtime', () => {
  it('each invocation’s log lines carry its own function name and request, when another starts while it waits', async () => {
    const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lines = await linesOf(() =>
      Promise.all([
        inInvocation('request-a', async () => {
          logger.addContext(context('flag-events', 'request-a'));
          await gate;
          logger.info('a');
        }),
        inInvocation('request-b', async () => {
          logger.addContext(context('getChild', 'request-b'));
          logger.info('b');
          release();
        }),
      ]),
    );
    expect(lines.map((line) => [line.message, line.function_name, line.function_request_id])).toEqual([
      ['b', 'getChild', 'request-b'],
      ['a', 'flag-events', 'request-a'],
    ]);
  });

  it('an invocation that overlaps none keeps its own context to its end, and a later overlap does not reach it', async () => {
    const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const lines = await linesOf(async () => {
      await inInvocation('request-c', async () => {
        logger.addContext(context('getChild', 'request-c'));
        logger.info('c alone');
      });
      await Promise.all([
        inInvocation('request-d', async () => {
          logger.addContext(context('logVisit', 'request-d'));
          await gate;
          logger.info('d');
        }),
        inInvocation('request-e', async () => {
          logger.addContext(context('flag-events', 'request-e'));
          release();
          await new Promise((resolve) => setImmediate(resolve));
          logger.info('e');
        }),
      ]);
      // Both ended: the next runs alone again, on the shared state, and overlaps a third in a context of its own.
      await Promise.all([
        inInvocation('request-f', async () => {
          logger.addContext(context('getChild', 'request-f'));
          await new Promise((resolve) => setImmediate(resolve));
          logger.info('f');
        }),
        inInvocation('request-g', async () => {
          logger.addContext(context('outcomes', 'request-g'));
          logger.info('g');
        }),
      ]);
    });
    expect(lines.map((line) => [line.message, line.function_name, line.function_request_id])).toEqual([
      ['c alone', 'getChild', 'request-c'],
      ['d', 'logVisit', 'request-d'],
      ['e', 'flag-events', 'request-e'],
      ['g', 'outcomes', 'request-g'],
      ['f', 'getChild', 'request-f'],
    ]);
  });

  it('three at once keep their own lines: one alone, two in contexts of their own, the first of them ending first', async () => {
    const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
    const gates = [0, 1].map(() => {
      let open!: () => void;
      return { opened: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
    });
    const run = (name: string, waitFor?: Promise<void>, then?: () => void) =>
      inInvocation(`request-${name}`, async () => {
        logger.addContext(context(name, `request-${name}`));
        await waitFor;
        await new Promise((resolve) => setImmediate(resolve));
        logger.info(name);
        then?.();
      });
    const lines = await linesOf(() =>
      Promise.all([run('alone', gates[1]!.opened), run('first', undefined, gates[0]!.open), run('second', gates[0]!.opened, gates[1]!.open)]),
    );
    expect(lines.map((line) => [line.message, line.function_name, line.function_request_id])).toEqual([
      ['first', 'first', 'request-first'],
      ['second', 'second', 'request-second'],
      ['alone', 'alone', 'request-alone'],
    ]);
  });

  it('the local runtime’s own lines name no function, whichever ran last', async () => {
    const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
    const level = runtimeLogger.getLevelName();
    runtimeLogger.setLogLevel('INFO');
    const lines = await linesOf(async () => {
      await inInvocation('request-h', async () => logger.addContext(context('getChild', 'request-h')));
      runtimeLogger.warn('stream poll failed');
    }).finally(() => runtimeLogger.setLogLevel(level));
    expect(lines.map((line) => [line.message, line.function_name, line.function_request_id])).toEqual([['stream poll failed', undefined, undefined]]);
  });

  it('a stream consumer can be built again between invocations, as a second runtime in one process builds its own', async () => {
    await inInvocation('request-c', async () => undefined);
    expect(() => new BatchProcessor(EventType.DynamoDBStreams)).not.toThrow();
  });
});
