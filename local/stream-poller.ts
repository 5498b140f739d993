import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { withoutSdkLogging } from '../lib/deps/dynamodb';
import { logger } from '../lib/logger';
import { inInvocation } from './invocations';
import { runtimeLogger } from './runtime-logger';
import { nextDelivery } from './stream-delivery';

export type StreamConsumer = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  client: DynamoDBClient;
  /** DynamoDB Local's endpoint, which serves its streams too. */
  endpoint: string;
  tableName: string;
  consumer: StreamConsumer;
  name: string;
  /**
   * The event source mapping's filter: only records whose new image is one of these entities (`_et`) reach the
   * consumer, the others are passed over as Lambda passes them (a removal, which has no new image, never matches).
   * Without it, every record does.
   */
  entities?: ReadonlySet<string>;
  /** Keeps the position per shard across restarts, so nothing is delivered twice after a restart. */
  positionFile?: string;
  /** Records that still fail after every retry are appended here (the local dead-letter queue). */
  parkedFile?: string;
  /**
   * The pause between polls while records keep coming (250 ms); each poll that finds nothing doubles it, up to
   * `idleIntervalMs` (2 s), and `nudge` polls at once. An idle runtime's pollers cost DynamoDB Local and Node about
   * 7% of a core at a steady 250 ms, and tests keep a runtime open per file.
   */
  intervalMs?: number;
  idleIntervalMs?: number;
  batchSize?: number;
  /** Deliveries of a failing record before it is parked, as the event source mapping's retry attempts. */
  maxAttempts?: number;
  /**
   * How long one call of the consumer may run, as the function's timeout: a call that has not settled by then
   * fails its whole batch, like a call that throws. The context's getRemainingTimeInMillis counts down from it.
   */
  timeoutMs?: number;
}

export interface StreamPoller {
  /** Resolves once every record written so far has been handed to the consumer. */
  drain(): Promise<void>;
  /** Something was written: poll now rather than at the end of an idle pause. */
  nudge(): void;
  /** Records that failed every attempt and were set aside, as the dead-letter queue holds them in the cloud. */
  parked(): readonly DynamoDBRecord[];
  stop(): Promise<void>;
}

function asLambdaRecord(record: StreamRecord, eventSourceARN: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    ...record,
    eventSourceARN,
    dynamodb: {
      ...dynamodb,
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: ApproximateCreationDateTime.getTime() / 1000 } : {}),
    },
  } as DynamoDBRecord;
}

const lambdaContext = (name: string, deadline: number): Context =>
  ({
    functionName: name,
    awsRequestId: randomUUID(),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  }) as Context;

class ConsumerTimedOut extends Error {}

/**
 * The pause before the next poll: the busy pause after a poll that delivered records, else twice the last, up to the
 * idle pause (never below the busy one).
 */
export function nextPause(last: number, delivered: boolean, pauses: { busy: number; idle: number }): number {
  return delivered ? pauses.busy : Math.max(pauses.busy, Math.min(pauses.idle, last * 2));
}

/**
 * The consumer's answer, or a rejection once `timeoutMs` has passed. Lambda would end the invocation there;
 * locally it cannot be stopped, so a late answer is ignored and the batch counts as failed.
 */
function withTimeout<T>(call: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConsumerTimedOut(`the consumer did not settle within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([Promise.resolve().then(call), timedOut]).finally(() => clearTimeout(timer));
}

/**
 * The client of the table's stream: the table client's region and credentials, and no SDK logging step. Every poll
 * answers with the records' full images, which that step would copy, redacted, for a logger that discards them.
 */
export async function streamsClientFor(client: DynamoDBClient, endpoint: string): Promise<DynamoDBStreamsClient> {
  return withoutSdkLogging(
    new DynamoDBStreamsClient({ region: await client.config.region(), endpoint, credentials: await client.config.credentials() }),
  );
}

/**
 * Reads the table's stream the way Lambda's event source mapping does, and calls the same handler the cloud
 * runs: batches per shard in order, partial batch failures retried from the first failed record, a batch whose
 * call fails as a whole (it throws, or runs past `timeoutMs`) split in two and retried (bisectBatchOnError),
 * and a record that keeps failing parked so the rest of the shard proceeds.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const { client, tableName, consumer, name } = options;
  const streams = await streamsClientFor(client, options.endpoint);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${tableName} has no stream`);

  const positions: Record<string, string> =
    options.positionFile && existsSync(options.positionFile) ? JSON.parse(readFileSync(options.positionFile, 'utf8')) : {};
  const iterators = new Map<string, string | undefined>();
  const attempts = new Map<string, number>();
  const maxAttempts = options.maxAttempts ?? 3;
  const batchSize = options.batchSize ?? 100;
  const timeoutMs = options.timeoutMs ?? 60_000;
  /** A shard's batch size while a batch that failed as a whole is being bisected. */
  const bisectedSize = new Map<string, number>();
  const parked: DynamoDBRecord[] = [];

  // Written without blocking: the runtime's requests share this thread. Polls of one poller never overlap, so the
  // writes of the file land in order.
  let unsaved = false;
  const savePosition = async (shardId: string, sequenceNumber: string) => {
    positions[shardId] = sequenceNumber;
    unsaved = false;
    if (options.positionFile) await writeFile(options.positionFile, JSON.stringify(positions));
  };
  /**
   * Past records the filter passed over, the position is kept in memory and written with the next delivery or at
   * stop: a read-heavy load writes audit records only, and a restart that reads them again passes them over again.
   */
  const passOver = (shardId: string, sequenceNumber: string) => {
    positions[shardId] = sequenceNumber;
    unsaved = true;
  };
  const passes = (record: DynamoDBRecord): boolean => {
    const entity = record.dynamodb?.NewImage?._et?.S;
    return !options.entities || (entity !== undefined && options.entities.has(entity));
  };

  const iteratorAt = async (shardId: string): Promise<string | undefined> => {
    const after = positions[shardId];
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  };

  /** Delivers the next batch of a shard; true when it delivered anything. */
  const pollShard = async (shardId: string): Promise<boolean> => {
    if (!iterators.has(shardId)) iterators.set(shardId, await iteratorAt(shardId));
    const iterator = iterators.get(shardId);
    if (!iterator) return false;
    const { Records = [], NextShardIterator } = await streams.send(
      new GetRecordsCommand({ ShardIterator: iterator, Limit: bisectedSize.get(shardId) ?? batchSize }),
    );
    if (Records.length === 0) {
      iterators.set(shardId, NextShardIterator);
      return false;
    }
    const read = Records.map((r) => asLambdaRecord(r, streamArn));
    const lastRead = read.at(-1)!.dynamodb!.SequenceNumber!;
    const records = read.filter(passes);
    if (records.length === 0) {
      passOver(shardId, lastRead);
      iterators.set(shardId, NextShardIterator);
      return true;
    }
    const context = lambdaContext(name, Date.now() + timeoutMs);
    // The failure is logged inside the invocation, as Lambda reports a timeout in the function's own log.
    const response = await inInvocation(context.awsRequestId, () =>
      withTimeout(() => consumer({ Records: records }, context), timeoutMs).catch((error: unknown) => {
        logger.error(error instanceof ConsumerTimedOut ? 'stream consumer timed out' : 'stream consumer failed', { consumer: name, error });
        return 'failed' as const;
      }),
    );
    const sequenceNumbers = records.map((r) => r.dynamodb!.SequenceNumber!);
    const firstFailure = response === 'failed' ? undefined : response?.batchItemFailures?.[0]?.itemIdentifier;
    const next = nextDelivery({
      sequenceNumbers,
      outcome:
        response === 'failed' ? { failed: 'batch' } : firstFailure === undefined ? { failed: 'none' } : { failed: 'record', sequenceNumber: firstFailure },
      attemptsOf: (sequenceNumber) => attempts.get(sequenceNumber) ?? 0,
      maxAttempts,
    });
    switch (next.action) {
      case 'bisect':
        bisectedSize.set(shardId, next.batchSize);
        break;
      case 'advance':
        bisectedSize.delete(shardId);
        // Past the records the filter passed over too.
        await savePosition(shardId, lastRead);
        iterators.set(shardId, NextShardIterator);
        return true;
      case 'retry':
        if (!next.keepBisecting) bisectedSize.delete(shardId);
        if (next.position) await savePosition(shardId, next.position);
        attempts.set(next.failed, next.attempts);
        break;
      case 'park': {
        const failedRecord = records[next.index]!;
        runtimeLogger.error('stream record parked', { consumer: name, sequenceNumber: next.failed });
        parked.push(failedRecord);
        if (options.parkedFile) appendFileSync(options.parkedFile, `${JSON.stringify({ consumer: name, record: failedRecord })}\n`);
        attempts.delete(next.failed);
        bisectedSize.delete(shardId);
        await savePosition(shardId, next.failed);
        break;
      }
    }
    // Read again from the saved position: the retried records, or the rest of the shard past a parked one.
    iterators.delete(shardId);
    return true;
  };

  /**
   * The stream's shards as last described, and how many of them had ended by then. The list changes only when a shard
   * ends (its children open), so the stream is described again only after one has: describing it on every poll was a
   * third of the local runtime's calls to DynamoDB Local, as each write nudges every poller.
   */
  let shards: { ids: string[]; ended: number } | undefined;
  /** Shards read to their end: no iterator left. */
  const endedShards = () => [...iterators.values()].filter((iterator) => iterator === undefined).length;

  /** True when it delivered anything, or a shard ended: either way there may be more to read at once. */
  const pollOnce = async (): Promise<boolean> => {
    // A stream with no shard yet is described again: its first shard opens with its first record.
    if (shards === undefined || shards.ids.length === 0 || endedShards() > shards.ended) {
      const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
      shards = { ids: (StreamDescription?.Shards ?? []).map((s) => s.ShardId!), ended: endedShards() };
    }
    const results = await Promise.all(shards.ids.map(pollShard));
    return results.some(Boolean) || endedShards() > shards.ended;
  };

  // One poll at a time, whether the timer or `drain` asks: a shard's records are delivered once, in order.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(poll: () => Promise<T>): Promise<T> => {
    const result = queue.then(poll);
    queue = result.catch(() => undefined);
    return result;
  };

  const pauses = { busy: options.intervalMs ?? 250, idle: options.idleIntervalMs ?? 2_000 };
  let pause = pauses.busy;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    timer = undefined;
    void exclusive(pollOnce)
      .then((delivered) => {
        pause = nextPause(pause, delivered, pauses);
      })
      .catch((error: unknown) => runtimeLogger.warn('stream poll failed', { consumer: name, error }))
      .finally(() => {
        if (!stopped && timer === undefined) timer = setTimeout(tick, pause);
      });
  };
  tick();

  return {
    async drain() {
      while (await exclusive(pollOnce));
    },
    nudge() {
      pause = pauses.busy;
      // Waiting out a pause: poll now. A poll under way is followed by the busy pause.
      if (stopped || timer === undefined) return;
      clearTimeout(timer);
      tick();
    },
    parked: () => parked,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await queue;
      streams.destroy();
      if (unsaved && options.positionFile) await writeFile(options.positionFile, JSON.stringify(positions));
    },
  };
}
