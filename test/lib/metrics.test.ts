import { marshall } from '@aws-sdk/util-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AttributeValue, Context, DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type * as FlagEventsModule from '../../functions/streams/flag-events';
import type * as RunSweepModule from '../../functions/sweeps/run';
import type * as ScheduledSweepModule from '../../functions/sweeps/scheduled';
import type * as LogVisitModule from '../../functions/visits/log';
import { runSweep, type SweepReport } from '../../lib/data/sweep';
import type { SweepDeps } from '../../lib/deps';
import type { DomainEvent, EventPublisher } from '../../lib/events/events';
import { FLAG_TYPE_DIMENSION, METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../../lib/metric-names';
import type * as SweepModule from '../../lib/sweep';
import { testDeps, type TestDeps, invoke, storedCheckpoint, storedChild } from '../functions/handler-harness';

/*
 * What the product reports to CloudWatch, read from the EMF documents Powertools writes. Powertools' documented way
 * to test them: POWERTOOLS_DEV=true with POWERTOOLS_METRICS_DISABLED=false makes Metrics write through the global
 * console, which the test spies on. The variables are set before the modules that build the Metrics instance are
 * loaded (dynamic imports in beforeAll), as the stack's POWERTOOLS_METRICS_NAMESPACE is set before a function loads.
 */

// The sweep's reads and writes are tested elsewhere (test/integration); here it reports a run it is handed.
jest.mock('../../lib/data/sweep', () => ({ ...jest.requireActual('../../lib/data/sweep'), runSweep: jest.fn() }));
jest.mock('../../lib/data/outcomes', () => ({ ...jest.requireActual('../../lib/data/outcomes'), snapshotOutcomes: jest.fn(async () => 3) }));

interface Emf {
  _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  [key: string]: unknown;
}

const childId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const caseCode = 'SK-2026-0042';
/** Whatever a record could give away: none of it may appear in a metric. */
const PERSONAL = [childId, caseCode, 'Ana', 'Petrova', 'childId', 'caseCode', 'givenName', 'familyName', 'worker-1', 'org-1', 'skopje'];

let sweep: (typeof SweepModule)['sweep'];
let flagEventsHandler: (typeof FlagEventsModule)['flagEventsHandler'];
let scheduledSweepHandler: (typeof ScheduledSweepModule)['scheduledSweepHandler'];
let runSweepRoute: (typeof RunSweepModule)['handler'];
let logVisit: (typeof LogVisitModule)['handler'];
let given: TestDeps;
let log: jest.SpyInstance;

/** The EMF documents written since the last call. */
function emitted(): Emf[] {
  const documents = log.mock.calls
    .map(([line]) => (typeof line === 'string' && line.startsWith('{') ? (JSON.parse(line) as Emf) : undefined))
    .filter((doc): doc is Emf => doc !== undefined && '_aws' in doc);
  log.mockClear();
  return documents;
}

const namesOf = (doc: Emf) => doc._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((metric) => metric.Name));

/** The dimension sets of a document, with the value of each dimension. */
const dimensionsOf = (doc: Emf) =>
  doc._aws.CloudWatchMetrics.flatMap((m) => m.Dimensions.map((set) => Object.fromEntries(set.map((name) => [name, doc[name]]))));

/** Every value of every document's metrics, summed by name. */
function totals(documents: Emf[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const doc of documents) {
    for (const name of namesOf(doc)) sums[name] = (sums[name] ?? 0) + [doc[name]].flat().reduce<number>((a, b) => a + Number(b), 0);
  }
  return sums;
}

const run = (overrides: Partial<SweepReport> = {}): SweepReport => ({
  checked: 12,
  missed: 5,
  flagsRaised: 6,
  escalated: 2,
  remindersSent: 3,
  outcomesRefreshed: 4,
  complete: true,
  consumedCapacity: 40,
  ...overrides,
});

const sweepDeps = (): SweepDeps =>
  ({
    config: { timeZone: 'Europe/Belgrade', escalationDays: 7, policy: {} },
    clock: { now: () => new Date('2026-06-20T00:00:00Z') },
    db: {},
  }) as unknown as SweepDeps;

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_NAMESPACE = METRICS_NAMESPACE;
  process.env.POWERTOOLS_DEV = 'true';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  ({ sweep } = await import('../../lib/sweep'));
  ({ flagEventsHandler } = await import('../../functions/streams/flag-events'));
  ({ scheduledSweepHandler } = await import('../../functions/sweeps/scheduled'));
  ({ handler: runSweepRoute } = await import('../../functions/sweeps/run'));
  ({ handler: logVisit } = await import('../../functions/visits/log'));
  given = await testDeps('2026-06-20T09:00:00Z');
});

beforeEach(() => {
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.mocked(runSweep).mockReset();
});
afterEach(() => log.mockRestore());

describe('the sweep reports what it did', () => {
  test('a completed run reports SweepCompleted = 1 with its counts and duration, in the Reintegration namespace, service dimension only', async () => {
    jest.mocked(runSweep).mockResolvedValue(run());
    await sweep(sweepDeps(), () => 600_000);
    const [doc, ...rest] = emitted();
    expect(rest).toEqual([]);
    expect(doc!._aws.CloudWatchMetrics[0]!.Namespace).toBe('Reintegration');
    expect(dimensionsOf(doc!)).toEqual([{ service: METRICS_SERVICE }]);
    expect(doc).toMatchObject({
      [METRIC.sweepCompleted]: 1,
      [METRIC.checkpointsMissed]: 5,
      [METRIC.sweepFlagsRaised]: 6,
      [METRIC.sweepFlagsEscalated]: 2,
      [METRIC.sweepDuration]: expect.any(Number),
    });
    const units = Object.fromEntries(doc!._aws.CloudWatchMetrics[0]!.Metrics.map((m) => [m.Name, m.Unit]));
    expect(units).toMatchObject({ [METRIC.sweepCompleted]: 'Count', [METRIC.sweepDuration]: 'Milliseconds' });
  });

  test('a run cut short by time reports its counts but not SweepCompleted, so the dead-man’s switch still counts the hours', async () => {
    jest.mocked(runSweep).mockResolvedValue(run({ complete: false, missed: 2 }));
    await sweep(sweepDeps(), () => 1_000);
    const documents = emitted();
    expect(documents.flatMap(namesOf)).not.toContain(METRIC.sweepCompleted);
    expect(totals(documents)).toMatchObject({ [METRIC.checkpointsMissed]: 2 });
  });

  test('a quiet night reports zeros, not nothing', async () => {
    jest.mocked(runSweep).mockResolvedValue(run({ checked: 0, missed: 0, flagsRaised: 0, escalated: 0 }));
    await sweep(sweepDeps(), () => 600_000);
    expect(totals(emitted())).toMatchObject({
      [METRIC.checkpointsMissed]: 0,
      [METRIC.sweepFlagsRaised]: 0,
      [METRIC.sweepFlagsEscalated]: 0,
      [METRIC.sweepCompleted]: 1,
    });
  });

  test('both the nightly schedule and POST /sweeps report SweepCompleted', async () => {
    jest.mocked(runSweep).mockResolvedValue(run());
    const context = { awsRequestId: 'r', functionName: 'sweep', getRemainingTimeInMillis: () => 600_000 } as unknown as Context;
    await scheduledSweepHandler(() => given.deps)({}, context);
    expect(totals(emitted())[METRIC.sweepCompleted]).toBe(1);

    const response = await invoke(runSweepRoute, { ...given, principal: { role: 'admin', sub: 'admin-1' } });
    expect(response.statusCode).toBe(200);
    expect(totals(emitted())[METRIC.sweepCompleted]).toBe(1);
  });

  test('a sweep that fails reports no completion', async () => {
    jest.mocked(runSweep).mockRejectedValue(new Error('table unavailable'));
    await expect(sweep(sweepDeps(), () => 600_000)).rejects.toThrow('table unavailable');
    expect(emitted().flatMap(namesOf)).not.toContain(METRIC.sweepCompleted);
  });
});

const flag = (overrides: Record<string, unknown> = {}) => ({
  _et: 'Flag',
  pk: `CHILD#${childId}`,
  sk: `FLAG#regression#01J0000000000000000000000B#housing`,
  flagId: '01J0000000000000000000000C',
  childId,
  caseCode,
  subject: 'regression#01J0000000000000000000000B#housing',
  municipalityId: 'skopje',
  organisationId: 'org-1',
  caseWorkerId: 'worker-1',
  type: 'regression',
  domain: 'housing',
  severity: 'medium',
  status: 'open',
  raisedAt: '2026-06-20T09:00:00.000Z',
  evidence: { fromLevel: 'stable', toLevel: 'at_risk' },
  history: [],
  updatedAt: '2026-06-20T09:00:00.000Z',
  ...overrides,
});

let sequence = 0;
function record(eventName: 'INSERT' | 'MODIFY', after: Record<string, unknown>, before?: Record<string, unknown>): DynamoDBRecord {
  sequence += 1;
  const image = (item: Record<string, unknown>) => marshall(item) as Record<string, AttributeValue>;
  return { eventName, dynamodb: { SequenceNumber: String(sequence), NewImage: image(after), ...(before ? { OldImage: image(before) } : {}) } };
}

describe('the flag-event publisher reports flags by type', () => {
  const context = { functionName: 'publisher', awsRequestId: 'r' } as Context;
  const escalated = flag({ flagId: '01J0000000000000000000000E', severity: 'high', escalatedAt: '2026-06-28T02:00:00.000Z' });
  const { domain: _domain, ...missedVisitFlag } = flag({
    flagId: '01J0000000000000000000000F',
    type: 'missed_visit',
    sk: 'FLAG#missed_visit#01J0000000000000000000000H',
    subject: 'missed_visit#01J0000000000000000000000H',
  });

  test('FlagsRaised and FlagsEscalated carry the flag type as a dimension, one count per published event', async () => {
    const published: DomainEvent[] = [];
    const publisher: EventPublisher = { publish: async (events) => void published.push(...events) };
    const records = [
      record('INSERT', flag()),
      record('INSERT', flag({ flagId: '01J0000000000000000000000D' })),
      record('INSERT', missedVisitFlag),
      record('MODIFY', escalated, flag({ flagId: '01J0000000000000000000000E' })),
    ];
    await flagEventsHandler(() => publisher)({ Records: records }, context);
    expect(published).toHaveLength(4);

    const documents = emitted();
    const byType = Object.fromEntries(documents.map((doc) => [doc[FLAG_TYPE_DIMENSION], doc]));
    expect(Object.keys(byType).sort()).toEqual(['missed_visit', 'regression']);
    for (const doc of documents) {
      expect(doc._aws.CloudWatchMetrics[0]!.Namespace).toBe(METRICS_NAMESPACE);
      expect(doc._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([['service', FLAG_TYPE_DIMENSION]]);
    }
    expect(byType.regression).toMatchObject({ [METRIC.flagsRaised]: 2, [METRIC.flagsEscalated]: 1 });
    expect(byType.missed_visit).toMatchObject({ [METRIC.flagsRaised]: 1 });
    expect(namesOf(byType.missed_visit!)).not.toContain(METRIC.flagsEscalated);
  });

  test('an event that could not be published is not counted (its record is retried)', async () => {
    const publisher: EventPublisher = {
      async publish(events) {
        if (events.some((e) => e.id.startsWith('01J0000000000000000000000D'))) throw new Error('bus unavailable');
      },
    };
    const response = await flagEventsHandler(() => publisher)(
      { Records: [record('INSERT', flag()), record('INSERT', flag({ flagId: '01J0000000000000000000000D' }))] },
      context,
    );
    expect(response.batchItemFailures).toHaveLength(1);
    expect(totals(emitted())[METRIC.flagsRaised]).toBe(1);
  });

  test('a batch with no flag event writes no metric document at all', async () => {
    const publisher: EventPublisher = { publish: async () => undefined };
    await flagEventsHandler(() => publisher)({ Records: [record('MODIFY', flag({ status: 'resolved' }), flag())] }, context);
    expect(emitted()).toEqual([]);
  });
});

describe('visits logged', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const worker = { role: 'social_worker', sub: 'worker-1', organisationId: 'org-1' } as const;
  const checkpoint = storedCheckpoint(childId, '01ARZ3NDEKTSV4RRFFQ69G5FAW');
  const body = { visitedOn: '2026-04-14', contactType: 'home', assessments: { housing: { level: 'at_risk' } }, childView: { rating: 3 } };
  const idempotencyKey = { Key: { sk: 'IDEMPOTENCY' } };
  const send = () =>
    invoke(logVisit, { ...given, principal: worker, pathParameters: { childId }, body, headers: { 'idempotency-key': 'k-1' } });

  beforeEach(() => {
    ddb.reset();
    ddb.on(GetCommand, idempotencyKey).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [checkpoint, storedChild(childId, { enrolledOn: '2026-03-12' })] });
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(PutCommand).resolves({});
  });
  afterAll(() => ddb.restore());

  test('a visit newly recorded counts one VisitsLogged; the replay of its idempotency key counts nothing', async () => {
    const first = await send();
    expect(first.statusCode).toBe(201);
    expect(totals(emitted())).toEqual({ [METRIC.visitsLogged]: 1 });

    const record = ddb
      .commandCalls(TransactWriteCommand)[0]!
      .args[0].input.TransactItems!.find((i) => (i.Put?.Item as Record<string, unknown>)._et === 'IdempotencyRecord')!.Put!.Item;
    ddb.on(GetCommand, idempotencyKey).resolves({ Item: record });
    const replay = await send();
    expect(replay.headers).toMatchObject({ 'idempotent-replayed': 'true' });
    expect(emitted()).toEqual([]);
  });
});

describe('no metric carries personal data', () => {
  test('every document the sweep and the publisher write has counts only: no id, code or name, dimensions service and type only', async () => {
    const documents: Emf[] = [];
    jest.mocked(runSweep).mockResolvedValue(run());
    await sweep(sweepDeps(), () => 600_000);
    documents.push(...emitted());
    const publisher: EventPublisher = { publish: async () => undefined };
    await flagEventsHandler(() => publisher)(
      { Records: [record('INSERT', flag()), record('INSERT', flag({ flagId: '01J0000000000000000000000G', type: 'lost_contact' }))] },
      { functionName: 'publisher', awsRequestId: 'r' } as Context,
    );
    documents.push(...emitted());
    expect(documents.length).toBeGreaterThanOrEqual(3);

    for (const doc of documents) {
      const text = JSON.stringify(doc);
      for (const value of PERSONAL) expect(text).not.toContain(value);
      const { _aws, ...fields } = doc;
      const dimensionNames = new Set(_aws.CloudWatchMetrics.flatMap((m) => m.Dimensions.flat()));
      expect([...dimensionNames].every((name) => name === 'service' || name === FLAG_TYPE_DIMENSION)).toBe(true);
      // Besides the dimensions, a document holds metric values only (no metadata), and every value is a number.
      for (const [name, value] of Object.entries(fields)) {
        if (dimensionNames.has(name)) continue;
        expect(Object.values(METRIC)).toContain(name);
        expect([value].flat().every((v) => typeof v === 'number')).toBe(true);
      }
    }
  });
});

describe('quiet without a namespace', () => {
  test('with no POWERTOOLS_METRICS_NAMESPACE (local runtime, tests) metrics are disabled and write nothing, not even a warning', async () => {
    const saved = { ...process.env };
    delete process.env.POWERTOOLS_METRICS_NAMESPACE;
    delete process.env.POWERTOOLS_METRICS_DISABLED;
    delete process.env.POWERTOOLS_DEV;
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await jest.isolateModulesAsync(async () => {
        const quiet = await import('../../lib/metrics');
        expect(process.env.POWERTOOLS_METRICS_DISABLED).toBe('true');
        quiet.metrics.addMetric(quiet.METRIC.visitsLogged, quiet.MetricUnit.Count, 1);
        quiet.flushMetrics();
        quiet.flushMetrics();
      });
      expect(stdout).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
      expect(log).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      process.env = saved;
    }
  });

  test('an explicit POWERTOOLS_METRICS_DISABLED=false is kept: EMF locally, on request', async () => {
    const saved = { ...process.env };
    delete process.env.POWERTOOLS_METRICS_NAMESPACE;
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    try {
      await jest.isolateModulesAsync(async () => {
        const loud = await import('../../lib/metrics');
        loud.metrics.addMetric(loud.METRIC.visitsLogged, loud.MetricUnit.Count, 1);
        loud.flushMetrics();
      });
      expect(totals(emitted())).toEqual({ [METRIC.visitsLogged]: 1 });
    } finally {
      process.env = saved;
    }
  });
});
