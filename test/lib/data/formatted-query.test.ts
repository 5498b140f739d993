import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, QueryCommand as SdkQueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDb } from '../../../lib/data/db';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { batchGetFormatted, partitionQuery, sendQuery, UnknownEntityItem } from '../../../lib/data/formatted-query';
import { keys } from '../../../lib/data/keys';

/**
 * The hot reads' own sending of the toolbox's commands (lib/data/formatted-query.ts), on answers DynamoDB may give. A
 * batch read asks again for the keys DynamoDB leaves unprocessed (it may, under load or past 16 MB), as the toolbox's
 * own batch read does, and reads a key still unprocessed after the last attempt as absent.
 */
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' }));
const db = createDb(documentClient, 'records');
const dynamo = mockClient(documentClient);
afterEach(() => dynamo.reset());

const stored = (childId: string) => ({ ...keys.child(childId), _et: 'Child', ...storedChild(childId) });
function storedChild(childId: string) {
  const domains = ['education', 'housing', 'health', 'vocational_training'];
  return {
    childId,
    caseCode: `C-${childId}`,
    givenName: 'A',
    familyName: 'B',
    birthDate: '2012-01-01',
    sex: 'female',
    municipalityId: 'skopje',
    organisationId: 'org-1',
    caseWorkerId: 'worker-1',
    riskLevel: 'high',
    enrolledOn: '2026-01-15',
    recordKey: 1,
    baseline: Object.fromEntries(domains.map((domain) => [domain, 'stable'])),
    latestLevels: Object.fromEntries(domains.map((domain) => [domain, { level: 'stable', assessedOn: '2026-01-15', source: 'baseline' }])),
    status: 'active',
    version: 1,
    createdAt: '2026-01-15T09:00:00.000Z',
    updatedAt: '2026-01-15T09:00:00.000Z',
  };
}
const unprocessed = (...childIds: string[]) => ({ records: { Keys: childIds.map((childId) => keys.child(childId)) } });

describe('a batch read of children', () => {
  it('asks again for the keys DynamoDB left unprocessed, and gives every child in the order of its keys', async () => {
    dynamo
      .on(BatchGetCommand)
      .resolvesOnce({ Responses: { records: [stored('c-2')] }, UnprocessedKeys: unprocessed('c-1') })
      .resolvesOnce({ Responses: { records: [stored('c-1')] } });
    const children = await batchGetFormatted(db.children, [{ childId: 'c-1' }, { childId: 'c-2' }], 5);
    expect(children).toEqual([storedChild('c-1'), storedChild('c-2')]);
    expect(dynamo.commandCalls(BatchGetCommand)[1]!.args[0].input.RequestItems).toEqual(unprocessed('c-1'));
  });

  it('reads a key still unprocessed after the last attempt as absent, and asks no more than the attempts given', async () => {
    dynamo.on(BatchGetCommand).resolves({ UnprocessedKeys: unprocessed('c-1') });
    expect(await batchGetFormatted(db.children, [{ childId: 'c-1' }], 3)).toEqual([undefined]);
    expect(dynamo.commandCalls(BatchGetCommand)).toHaveLength(3);
  });
});

describe('a query of a case’s range', () => {
  const caseRange = () =>
    db.table
      .build(QueryCommand)
      .query({ partition: keys.child('c-1').pk, range: { between: ['CHILD', keys.caseStateEnd] } })
      .entities(db.children, db.flags)
      .options({ entityAttrFilter: false });

  it.each([
    ['an item of another entity', { ...keys.child('c-1'), sk: 'FLAG#x', _et: 'Visit' }],
    ['an item without its entity', { ...keys.child('c-1'), sk: 'FLAG#x' }],
  ])('fails loudly on %s, rather than passing it over: the range holds the entities it is read as and no other', async (_what, item) => {
    dynamo.on(SdkQueryCommand).resolves({ Items: [stored('c-1'), item] });
    await expect(sendQuery(caseRange())).rejects.toThrow(UnknownEntityItem);
  });

  it('reads an answer without items as no items', async () => {
    dynamo.on(SdkQueryCommand).resolves({});
    await expect(sendQuery(caseRange())).resolves.toEqual({ Items: [] });
  });
});

describe('a query of one shape for any partition', () => {
  const caseRange = (partition: string) =>
    db.table
      .build(QueryCommand)
      .query({ partition, range: { between: ['CHECKPOINT#', keys.caseStateEnd] } })
      .entities(db.children, db.checkpoints, db.flags)
      .options({ consistent: true, capacity: 'TOTAL' });

  it('is the input the toolbox builds for each partition, the toolbox building it once', () => {
    const build = jest.fn(caseRange);
    const fill = partitionQuery(build);
    for (const childId of ['c-1', 'c-2', 'a child id with spaces']) {
      const partition = keys.child(childId).pk;
      expect(fill(partition).input).toStrictEqual(caseRange(partition).params());
    }
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('is sent to the partition it was filled in for', async () => {
    dynamo.on(SdkQueryCommand).resolves({ Items: [stored('c-2')] });
    const { Items } = await sendQuery(partitionQuery(caseRange)(keys.child('c-2').pk));
    expect(Items).toEqual([storedChild('c-2')]);
    expect(Object.values(dynamo.commandCalls(SdkQueryCommand)[0]!.args[0].input.ExpressionAttributeValues ?? {})).toContain(keys.child('c-2').pk);
  });

  it('refuses a query whose partition is not one value of its own, which filling in could not put in its place', () => {
    const twice = (partition: string) => caseRange(partition).query({ partition, range: { beginsWith: partition } });
    const changed = (partition: string) => caseRange(`${partition}#`);
    expect(() => partitionQuery(twice)('CHILD#c-1')).toThrow('the query names its partition 2 times');
    expect(() => partitionQuery(changed)('CHILD#c-1')).toThrow('the query names its partition 0 times');
  });
});
