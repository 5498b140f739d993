import { isDeepStrictEqual } from 'node:util';
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchPutRequest } from 'dynamodb-toolbox/entity/actions/batchPut';
import { monotonicFactory } from 'ulidx';
import { batchesOf, mapWithConcurrency } from '../../lib/concurrency';
import { createDb, type Db } from '../../lib/data/db';
import { checkpointItem, childItem } from '../../lib/data/items';
import { keys } from '../../lib/data/keys';
import { documentClientFor, dynamoClientFor } from '../../lib/deps/dynamodb';
import type { Checkpoint, Child, Stamp } from '../../lib/domain/case';
import { enrol } from '../../lib/domain/enrolment';
import type { IsoDate } from '../../lib/domain/dates';
import { DEFAULT_POLICY, type RiskLevel } from '../../lib/domain/schedule';

/**
 * Fast seeding for scale tests: cases built with the real `enrol`, stored with `childItem`/`checkpointItem` (so
 * every derived index key is as the API writes it) and written with BatchWriteItem, not via HTTP.
 */

export interface SeededCase {
  child: Child;
  checkpoints: Checkpoint[];
}

export interface SeedGroup {
  count: number;
  enrolledOn: IsoDate;
  riskLevel?: RiskLevel;
  municipalityId?: string;
}

export interface SeedTable {
  db: Db;
  documentClient: DynamoDBDocumentClient;
  tableName: string;
}

/** The table of a running test API, reached directly on its DynamoDB Local (the suite's, unless told). */
export function seedTable(tableName: string, endpoint = process.env.TEST_DYNAMODB_ENDPOINT): SeedTable {
  if (!endpoint) throw new Error('TEST_DYNAMODB_ENDPOINT is not set: run through the integration project');
  // The functions' own client (no SDK logging step: the seeder's batches of full items were copied for a discarding
  // logger), with six attempts as before.
  const client = dynamoClientFor({ dynamodbEndpoint: endpoint, region: process.env.AWS_REGION ?? 'eu-central-1' }, { maxAttempts: 6 });
  const documentClient = documentClientFor(client);
  return { db: createDb(documentClient, tableName), documentClient, tableName };
}

/** A Stamp as lib/deps.ts builds one, at a fixed instant: monotonic ULIDs, the default policy. */
export function fixedStamp(at: string): Stamp {
  const ulid = monotonicFactory();
  const time = Date.parse(at);
  return { at, newId: () => ulid(time), policy: DEFAULT_POLICY };
}

/** Cases enrolled in groups (same date and risk level per group); case codes are `<prefix>-<n>`. */
export function buildCases(groups: readonly SeedGroup[], options: { prefix: string; at: string }): SeededCase[] {
  const stamp = fixedStamp(options.at);
  const cases: SeededCase[] = [];
  for (const group of groups) {
    for (let i = 0; i < group.count; i += 1) {
      cases.push(
        enrol(
          {
            childId: stamp.newId(),
            recordKey: cases.length % 256,
            caseWorkerId: `worker-${cases.length % 20}`,
            organisationId: 'org-1',
            caseCode: `${options.prefix}-${cases.length + 1}`,
            givenName: 'Ana',
            familyName: 'Petrova',
            birthDate: '2012-05-01',
            sex: 'female',
            municipalityId: group.municipalityId ?? 'skopje',
            riskLevel: group.riskLevel ?? 'low',
            enrolledOn: group.enrolledOn,
            baseline: { education: 'at_risk', housing: 'stable', health: 'stable', vocational_training: 'critical' },
          },
          stamp,
        ),
      );
    }
  }
  return cases;
}

const BATCH = 25;

/** A case's items as stored: the records with their derived index keys, table keys and `_et` entity name. */
export function storedItems({ child, checkpoints }: SeededCase): Array<Record<string, unknown>> {
  return [
    { ...childItem(child), ...keys.child(child.childId), _et: 'Child' },
    ...checkpoints.map((c) => ({ ...checkpointItem(c), ...keys.checkpoint(c.childId, c.checkpointId), _et: 'Checkpoint' })),
  ];
}

/** The same items as the toolbox entities would write them (validated and formatted: slow, so used as a check). */
export function toolboxItems(db: Db, { child, checkpoints }: SeededCase): Array<Record<string, unknown>> {
  return [
    db.children.build(BatchPutRequest).item(childItem(child)).params(),
    ...checkpoints.map((c) => db.checkpoints.build(BatchPutRequest).item(checkpointItem(c)).params()),
  ].map((request) => request.PutRequest!.Item!);
}

/**
 * Writes children and checkpoints with BatchWriteItem, 25 items a batch, `concurrency` batches at a time,
 * retrying unprocessed items. The items are formatted by hand for speed; the first case is checked against
 * the toolbox entities' own formatting, so the stored form (keys, `_et`) cannot drift from what the API writes.
 */
export async function writeCases(table: SeedTable, cases: readonly SeededCase[], concurrency = 16): Promise<number> {
  const [first] = cases;
  if (first && !isDeepStrictEqual(storedItems(first), toolboxItems(table.db, first))) {
    throw new Error('seeded items differ from what the dynamodb-toolbox entities write');
  }
  const items = cases.flatMap(storedItems);
  await mapWithConcurrency(batchesOf(items, BATCH), concurrency, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; requests.length > 0; attempt += 1) {
      if (attempt > 10) throw new Error(`${requests.length} items left unprocessed`);
      const { UnprocessedItems = {} } = await table.documentClient.send(
        new BatchWriteCommand({ RequestItems: { [table.tableName]: requests } }),
      );
      requests = (UnprocessedItems[table.tableName] ?? []) as typeof requests;
    }
  });
  return items.length;
}

/** What the sweep should do to these cases on `today`, worked out from the seed alone (no cancellations). */
export function expectedSweep(cases: readonly SeededCase[], today: IsoDate) {
  let missed = 0;
  let lostContact = 0;
  for (const { checkpoints } of cases) {
    const overdue = checkpoints.filter((c) => c.status === 'scheduled' && c.graceEndsOn < today).length;
    missed += overdue;
    if (overdue >= 2) lostContact += 1;
  }
  return { missed, lostContact, flagsRaised: missed + lostContact };
}

/** Every flag on a municipality's active shelf, read straight from the table's `byMunicipality` index. */
export async function activeFlagsOf(table: SeedTable, municipalityId: string) {
  const flags: Array<{ childId: string; subject: string; type: string; flagId: string }> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: 'byMunicipality',
        KeyConditionExpression: 'gsi4pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.flagsOfMunicipality(municipalityId, 'active') },
        ProjectionExpression: 'childId, subject, #type, flagId',
        ExpressionAttributeNames: { '#type': 'type' },
        ExclusiveStartKey,
      }),
    );
    flags.push(...((page.Items ?? []) as typeof flags));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return flags;
}
