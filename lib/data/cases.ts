import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { partitionQuery, sendQuery } from './formatted-query';
import type { CaseloadScope } from '../auth/access';
import type { Checkpoint, Child, ChildStatus } from '../domain/case';
import type { CaseChange } from '../domain/case-changes';
import type { AuditEntry } from '../domain/audit';
import type { Flag } from '../domain/flags';
import type { AssessmentPoint } from '../domain/assessments';
import { auditWrite } from './audit';
import type { ConsumedCapacityOf } from './capacity';
import { StaleRecord } from '../domain/errors';
import type { Db } from './db';
import { flagWrites } from './flags';
import { checkpointCreations, statusChecks } from './checkpoints';
import { checkpointItem, childItem } from './items';
import { keys, scopedPartition } from './keys';
import { pageOf, startKey, type Page, type PageRequest } from './pages';
import { knownMunicipality, unknownMunicipality } from './municipalities';
import type { TransactionItem } from './plans';
import { assertWithinTransactionLimit, failedConditionIndexes } from './transactions';
import { ParsedPutTransaction } from './parsed-put';

/**
 * The child and its whole schedule land together, or, when the case code is taken (409) or the municipality is not
 * one the admin keeps (400), nothing does: the municipality is checked inside the same transaction.
 */
export async function insertEnrolment(db: Db, child: Child, checkpoints: readonly Checkpoint[], audit: AuditEntry): Promise<void> {
  const writes = [
    db.caseCodes.build(ParsedPutTransaction).item({ caseCode: child.caseCode, childId: child.childId }).options({
      condition: { attr: 'caseCode', exists: false },
    }),
    db.children.build(ParsedPutTransaction).item(childItem(child)).options({ condition: { attr: 'childId', exists: false } }),
    ...checkpointCreations(db, checkpoints),
    auditWrite(db, audit),
    knownMunicipality(db, child.municipalityId),
  ];
  const municipalityCheck = writes.length - 1;
  assertWithinTransactionLimit(writes.length);
  try {
    await executeTransactWrite(...writes);
  } catch (error) {
    const failed = failedConditionIndexes(error);
    // Bad input is answered before a conflict, as validation is (docs/decisions.md, "Issue 13 — municipalities").
    if (failed.includes(municipalityCheck)) throw unknownMunicipality();
    if (failed[0] === 0) throw new StaleRecord(`The case code ${child.caseCode} is already in use.`);
    throw error;
  }
}

export async function findChild(db: Db, childId: string): Promise<Child | undefined> {
  const { Item } = await db.children.build(GetItemCommand).key({ childId }).options({ consistent: true }).send();
  return Item;
}

export interface CaseRecords {
  child: Child | undefined;
  checkpoints: Checkpoint[];
  flags: Flag[];
  points: AssessmentPoint[];
}

type CaseRangeStart = 'ASSESSMENT#' | 'CHECKPOINT#' | 'CHILD';

const caseRangeReading = { maxPages: Infinity, showEntityAttr: true } as const;

/** A case's range from `from` to its flags, of any child: one shape per start and capacity report, built once. */
const caseRangeQuery = (db: Db, from: CaseRangeStart, capacity: boolean) =>
  partitionQuery((partition) =>
    db.table
      .build(QueryCommand)
      .query({ partition, range: { between: [from, keys.caseStateEnd] } })
      .entities(db.children, db.checkpoints, db.flags, db.assessments)
      // The range holds these four entities and no other (keys.caseStateEnd), so DynamoDB is given no filter on the
      // entity attribute to evaluate; an item of another entity there fails the read loudly instead of passing silently.
      .options({ consistent: true, entityAttrFilter: false, ...caseRangeReading, ...(capacity ? { capacity: 'TOTAL' as const } : {}) }),
  );

const caseRangeQueries = new WeakMap<Db, Map<string, ReturnType<typeof caseRangeQuery>>>();

function caseRangeOf(db: Db, childId: string, from: CaseRangeStart, capacity: boolean) {
  let shapes = caseRangeQueries.get(db);
  if (!shapes) caseRangeQueries.set(db, (shapes = new Map()));
  const key = `${from}|${capacity}`;
  let fill = shapes.get(key);
  if (!fill) shapes.set(key, (fill = caseRangeQuery(db, from, capacity)));
  return fill(keys.child(childId).pk);
}

/**
 * A child's current state in one strongly consistent query of its partition, from `from` (its assessments,
 * its checkpoints, or the child itself) to its flags; the visits, which only grow, are left out.
 */
export async function caseRecords(
  db: Db,
  childId: string,
  from: CaseRangeStart,
  onConsumed?: (response: ConsumedCapacityOf) => void,
): Promise<CaseRecords> {
  const response = await sendQuery(caseRangeOf(db, childId, from, onConsumed !== undefined), caseRangeReading);
  onConsumed?.(response);
  const { Items = [] } = response;
  const records: CaseRecords = { child: undefined, checkpoints: [], flags: [], points: [] };
  for (const item of Items) {
    if (item.entity === 'Child') {
      const { entity: _entity, ...child } = item;
      records.child = child;
    } else if (item.entity === 'Checkpoint') {
      const { entity: _entity, ...checkpoint } = item;
      records.checkpoints.push(checkpoint);
    } else if (item.entity === 'Flag') {
      const { entity: _entity, ...flag } = item;
      records.flags.push(flag);
    } else {
      const { domain, level, assessedOn, visitId } = item;
      records.points.push({ domain, level, assessedOn, visitId });
    }
  }
  return records;
}

/** A child with its whole schedule and its flags, for a change that must see them all. */
export async function findCase(db: Db, childId: string): Promise<Omit<CaseRecords, 'points'>> {
  const { points: _points, ...records } = await caseRecords(db, childId, 'CHECKPOINT#');
  return records;
}

/**
 * Writes a change of a case in one transaction. Optimistic concurrency: the child must still have the
 * version read, every touched checkpoint the status read, and every checkpoint the change relies on to keep
 * follow-up going must still be scheduled, or nothing is written and the caller gets 409. A
 * move to another municipality holds it to a known one in the same transaction (400 otherwise).
 */
export async function commitCaseChange(db: Db, change: CaseChange, audit: AuditEntry, planWrites: readonly TransactionItem[] = []): Promise<void> {
  const { child } = change;
  const writes = [
    db.children.build(ParsedPutTransaction).item(childItem(child)).options({
      condition: { attr: 'version', eq: child.version - 1 },
    }),
    ...change.removed.map((checkpoint) =>
      db.checkpoints.build(DeleteTransaction).key(checkpoint).options({
        condition: { attr: 'status', eq: checkpoint.status },
      }),
    ),
    ...checkpointCreations(db, change.added),
    ...change.changed.map(({ checkpoint, statusRead }) =>
      db.checkpoints.build(ParsedPutTransaction).item(checkpointItem(checkpoint)).options({
        condition: { attr: 'status', eq: statusRead },
      }),
    ),
    ...statusChecks(db, 'scheduled', change.stillScheduled),
    ...flagWrites(db, [], change.flags),
    auditWrite(db, audit),
    ...(change.newMunicipalityId ? [knownMunicipality(db, change.newMunicipalityId)] : []),
  ];
  const municipalityCheck = change.newMunicipalityId ? writes.length - 1 : undefined;
  // The plan's agenda entries, when they follow the case (lib/data/plans.ts): last, so the indexes above stand.
  const planFrom = writes.length;
  const all: TransactionItem[] = [...writes, ...planWrites];
  assertWithinTransactionLimit(all.length);
  try {
    await executeTransactWrite(...all);
  } catch (error) {
    const failed = failedConditionIndexes(error);
    if (municipalityCheck !== undefined && failed.includes(municipalityCheck)) throw unknownMunicipality();
    if (failed.some((i) => i >= planFrom)) throw new StaleRecord('The plan was revised while the case changed; read it again and retry.');
    const index = failed[0];
    if (index === 0) throw new StaleRecord('The child was changed by someone else since you read it; read it again.');
    if (index !== undefined) throw new StaleRecord('The schedule or the flags changed while this was saved; read it again and retry.');
    throw error;
  }
}

export async function listCaseload(
  db: Db,
  scope: CaseloadScope,
  status: ChildStatus,
  page: PageRequest,
): Promise<Page<Child>> {
  const { index, attribute, partition } = scopedPartition(scope, { children: status });
  const exclusiveStartKey = startKey(page, { [attribute]: partition });
  const { Items = [], LastEvaluatedKey } = await db.table
    .build(QueryCommand)
    .query({ index, partition })
    .entities(db.children)
    // A worker's index partition holds their cases in any organisation; their scope is the one they are in now.
    .options({ limit: page.limit, filters: { Child: { attr: 'organisationId', eq: scope.organisationId } }, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
    .send();
  return pageOf(Items, LastEvaluatedKey);
}
