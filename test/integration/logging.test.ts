import type { TestApi } from './harness';

/*
 * The local runtime runs every function's invocations in one process. Each log line must still name the function
 * and request it came from, as it would in its own Lambda: a stream consumer's lines once carried the function name
 * of whichever HTTP request had run last.
 */

// The suite logs nothing (test/setup-env.ts); this file reads the lines, so its logger is made at INFO: the modules
// are loaded after this line, and each HTTP invocation resets the level to the one the logger was made with.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
const harness = () => import('./harness');

let api: TestApi;

beforeAll(async () => {
  api = await (await harness()).startApi();
  await api.setClock('2026-03-05T10:00:00Z');
});
afterAll(() => api.close());

interface LogLine {
  message: string;
  function_name?: string;
  function_request_id?: string;
}

/** The JSON lines the logger writes while `run` runs. */
async function logLinesOf(run: () => Promise<void>): Promise<LogLine[]> {
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
  return written.flatMap((text) => text.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
}

describe('log lines of the local runtime', () => {
  it('a stream consumer’s lines carry its own function name while HTTP requests run at the same time', async () => {
    const { enrolment, worker } = await harness();
    const token = await api.tokenFor(worker());
    const lines = await logLinesOf(async () => {
      const { child } = (await api.request<{ child: { childId: string } }>('POST', '/children', { token, body: enrolment() })).body;
      // Housing falls from the baseline's stable: a regression flag, delivered to the outbox by the flag-events consumer.
      const visit = api.request('POST', `/children/${child.childId}/visits`, {
        token,
        body: {
          visitedOn: '2026-03-02',
          contactType: 'home',
          assessments: { housing: { level: 'at_risk' } },
          childView: { rating: 3 },
        },
      });
      const requests = Array.from({ length: 10 }, () => api.request('GET', `/children/${child.childId}`, { token }));
      expect((await visit).status).toBe(201);
      await Promise.all([...requests, ...api.runtime.streamPollers.map((poller) => poller.drain())]);
    });
    const delivered = lines.filter((line) => line.message === 'event published' || line.message === 'outbox');
    expect(delivered.length).toBeGreaterThan(0);
    expect(new Set(delivered.map((line) => line.function_name))).toEqual(new Set(['flag-events']));
    expect(delivered.every((line) => line.function_request_id !== undefined)).toBe(true);
  });
});
