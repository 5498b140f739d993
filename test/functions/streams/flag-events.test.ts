import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, Context, DynamoDBRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { flagEventsHandler } from '../../../functions/streams/flag-events';
import { eventBridgePublisher } from '../../../lib/events/event-bridge';
import type { DomainEvent, EventPublisher } from '../../../lib/events/events';
import { flagEventsOf } from '../../../lib/events/flag-events';

const flag = (overrides: Record<string, unknown> = {}) => ({
  _et: 'Flag',
  pk: 'CHILD#01J0000000000000000000000A',
  sk: 'FLAG#regression#01J0000000000000000000000B#housing',
  flagId: '01J0000000000000000000000C',
  childId: '01J0000000000000000000000A',
  caseCode: 'SK-2026-0042',
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

const image = (item: Record<string, unknown>) => marshall(item) as Record<string, AttributeValue>;

let sequence = 0;
function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', after?: Record<string, unknown>, before?: Record<string, unknown>): DynamoDBRecord {
  sequence += 1;
  return {
    eventName,
    dynamodb: {
      SequenceNumber: String(sequence),
      ...(after ? { NewImage: image(after) } : {}),
      ...(before ? { OldImage: image(before) } : {}),
    },
  };
}

describe('flag events from the table stream', () => {
  test('a new flag item is FlagRaised, with no name, case code, child id or evidence in it', () => {
    const [event, ...rest] = flagEventsOf(record('INSERT', flag()));
    expect(rest).toEqual([]);
    expect(event).toEqual({
      type: 'FlagRaised',
      id: '01J0000000000000000000000C:raised',
      detail: {
        flagId: '01J0000000000000000000000C',
        municipalityId: 'skopje',
        organisationId: 'org-1',
        caseWorkerId: 'worker-1',
        type: 'regression',
        domain: 'housing',
        severity: 'medium',
        raisedAt: '2026-06-20T09:00:00.000Z',
      },
    });
  });

  test('a flag that gains escalatedAt is FlagEscalated, once: a later change of the escalated flag is nothing', () => {
    const escalated = flag({ severity: 'high', escalatedAt: '2026-06-28T02:00:00.000Z' });
    expect(flagEventsOf(record('MODIFY', escalated, flag())).map((e) => e.type)).toEqual(['FlagEscalated']);
    expect(flagEventsOf(record('MODIFY', { ...escalated, status: 'acknowledged' }, escalated))).toEqual([]);
  });

  test('other changes of a flag, other items and removals are no events', () => {
    expect(flagEventsOf(record('MODIFY', flag({ status: 'resolved' }), flag()))).toEqual([]);
    expect(flagEventsOf(record('INSERT', { _et: 'Visit', pk: 'CHILD#x', sk: 'VISIT#y' }))).toEqual([]);
    expect(flagEventsOf(record('REMOVE', undefined, flag()))).toEqual([]);
  });
});

describe('the stream consumer', () => {
  const context = { functionName: 'test', awsRequestId: 'r' } as Context;

  test('reports the record whose events could not be published as the batch item failure; the others are published', async () => {
    const published: DomainEvent[] = [];
    const failing = '01J0000000000000000000000F';
    const publisher: EventPublisher = {
      async publish(events) {
        if (events.some((e) => e.id === `${failing}:raised`)) throw new Error('bus unavailable');
        published.push(...events);
      },
    };
    const records = [record('INSERT', flag({ flagId: '01J0000000000000000000000D' })), record('INSERT', flag({ flagId: failing })), record('INSERT', flag({ flagId: '01J0000000000000000000000E' }))];
    const response = await flagEventsHandler(() => publisher)({ Records: records }, context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }]);
    expect(published.map((e) => e.id)).toEqual(['01J0000000000000000000000D:raised', '01J0000000000000000000000E:raised']);
  });
});

describe('the EventBridge publisher', () => {
  const eventBridge = mockClient(EventBridgeClient);
  afterEach(() => eventBridge.reset());

  test('sends events in batches of ten to the bus, with the event id in the detail', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [] });
    const events = Array.from({ length: 12 }, (_, i) => flagEventsOf(record('INSERT', flag({ flagId: `01J00000000000000000000${String(i).padStart(3, '0')}` })))[0]!);
    await eventBridgePublisher('flags-bus', new EventBridgeClient({})).publish(events);
    const calls = eventBridge.commandCalls(PutEventsCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 2]);
    expect(calls[0]!.args[0].input.Entries![0]).toMatchObject({ EventBusName: 'flags-bus', Source: 'reintegration.flags', DetailType: 'FlagRaised' });
    expect(JSON.parse(calls[0]!.args[0].input.Entries![0]!.Detail!)).toMatchObject({ eventId: events[0]!.id });
  });

  test('an entry EventBridge refuses fails the publish, so the stream record is retried', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] });
    const events = flagEventsOf(record('INSERT', flag()));
    await expect(eventBridgePublisher('flags-bus', new EventBridgeClient({})).publish(events)).rejects.toThrow(/refused 1 of 1/);
  });
});
