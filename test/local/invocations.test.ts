import { BatchProcessor, EventType } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { inInvocation } from '../../local/invocations';

/** The JSON lines a logger writes while `run` runs. */
async function linesOf(run: () => Promise<unknown>): Promise<Array<{ message: string; function_name?: string; function_request_id?: string }>> {
  const written: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
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
      ]).then(() => logger.info('between invocations')),
    );
    expect(lines.map((line) => [line.message, line.function_name, line.function_request_id])).toEqual([
      ['b', 'getChild', 'request-b'],
      ['a', 'flag-events', 'request-a'],
      ['between invocations', undefined, undefined],
    ]);
  });

  it('a stream consumer can be built again between invocations, as a second runtime in one process builds its own', async () => {
    await inInvocation('request-c', async () => undefined);
    expect(() => new BatchProcessor(EventType.DynamoDBStreams)).not.toThrow();
  });
});
