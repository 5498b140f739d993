import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SDK_LOGGER_STEP } from '../../lib/deps/dynamodb';
import { nextPause, streamsClientFor } from '../../local/stream-poller';

const pauses = { busy: 250, idle: 2_000 };

describe('the local stream poller’s pace', () => {
  it('while the table is idle, each empty poll doubles the pause, up to the idle pause', () => {
    const seen: number[] = [];
    let pause = pauses.busy;
    for (let poll = 0; poll < 6; poll += 1) seen.push((pause = nextPause(pause, false, pauses)));
    expect(seen).toEqual([500, 1_000, 2_000, 2_000, 2_000, 2_000]);
  });

  it('a poll that delivered records brings the busy pace back at once', () => {
    expect(nextPause(2_000, true, pauses)).toBe(250);
    expect(nextPause(500, true, pauses)).toBe(250);
  });

  it('an idle pause shorter than the busy one leaves the busy pace', () => {
    expect(nextPause(60_000, false, { busy: 60_000, idle: 2_000 })).toBe(60_000);
  });
});

describe('the local stream poller’s client', () => {
  it('has no SDK logging step: every poll’s answer holds full item images that nothing logs', async () => {
    const table = new DynamoDBClient({ region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const streams = await streamsClientFor(table, 'http://127.0.0.1:1');
    expect(streams.middlewareStack.identify().map((entry) => entry.split(' ')[0])).not.toContain(SDK_LOGGER_STEP);
    expect(await streams.config.region()).toBe('local');
  });
});
