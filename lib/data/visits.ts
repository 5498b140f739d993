import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { AuditEntry } from '../domain/audit';
import type { AssessmentPoint } from '../domain/assessments';
import type { CaseSnapshot, VisitPlan } from '../domain/visit-plan';
import type { Visit } from '../domain/visits';
import { auditWrite } from './audit';
import { Busy } from '../domain/errors';
import { caseRecords, type CaseRecords } from './cases';
import { followUpWrites } from './checkpoints';
import { checkpointItem, childItem } from './items';
import type { Db } from './db';
import { flagWrites } from './flags';
import { storeAnswer, storedAnswer, type IdempotentRequest, type StoredAnswer } from './idempotency';
import { keys } from './keys';
import { pageOf, startKey, type Page, type PageRequest } from './pages';
import { assertWithinTransactionLimit, failedConditionIndex, isTransientCancellation } from './transactions';
import { ParsedPutTransaction } from './parsed-put';

/** Every assessment of a child, in trajectory order (domain, date, visit): small items, one query. */
export async function allAssessments(db: Db, childId: string): Promise<AssessmentPoint[]> {
  const { Items = [] } = await db.table
    .build(QueryCommand)
    .query({ partition: keys.child(childId).pk, range: { beginsWith: keys.assessmentPrefix } })
    .entities(db.assessments)
    .options({ consistent: true, maxPages: Infinity })
    .send();
  return Items.map(({ domain, level, assessedOn, visitId }) => ({ domain, level, assessedOn, visitId }));
}

/**
 * What a visit is judged against: the child (undefined when there is none), its schedule, its trajectory and
 * its flags, in one query.
 */
export async function findCaseSnapshot(db: Db, childId: string): Promise<CaseRecords> {
  return caseRecords(db, childId, 'ASSESSMENT#');
}

/** One page of a child's visits, newest visit date first (the `byDate` LSI, read backwards). */
export async function listVisits(db: Db, childId: string, page: PageRequest): Promise<Page<Visit>> {
  const partition = keys.child(childId).pk;
  const exclusiveStartKey = startKey(page, { pk: partition }, 'byDate');
  const { Items = [], LastEvaluatedKey } = await db.table
    .build(QueryCommand)
    .query({ index: 'byDate', partition, range: { beginsWith: keys.visitDatePrefix } })
    .entities(db.visits)
    .options({ limit: page.limit, consistent: true, reverse: true, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
    .send();
  return pageOf(Items, LastEvaluatedKey);
}

export class StaleCase extends Error {}
export class AnsweredAlready extends Error {}

/**
 * Writes a visit and everything it changes in one transaction: the visit, its assessments, the child (latest
 * levels, version), the fulfilled checkpoint, raised and changed flags, and the idempotency record with the
 * answer. The child's version makes concurrent visits to one child serialise: a visit judged against a
 * trajectory that changed meanwhile is not written (`StaleCase`), so its caller judges it again.
 */
export async function commitVisit(
  db: Db,
  plan: VisitPlan,
  answer: StoredAnswer,
  idempotency: { request: IdempotentRequest; at: Date } | undefined,
  audit: AuditEntry,
): Promise<void> {
  const { visit, child } = plan;
  const writes = [
    ...(idempotency ? [storeAnswer(db, idempotency.request, answer, idempotency.at)] : []),
    db.children.build(ParsedPutTransaction).item(childItem(child)).options({ condition: { attr: 'version', eq: child.version - 1 } }),
    db.visits
      .build(ParsedPutTransaction)
      .item({ ...visit, lsi1sk: keys.visitDateSort(visit.visitedOn, visit.visitId) })
      .options({ condition: { attr: 'visitId', exists: false } }),
    ...plan.points.map((point) =>
      db.assessments
        .build(ParsedPutTransaction)
        .item({ ...point, childId: visit.childId, visitId: visit.visitId })
        .options({ condition: { attr: 'visitId', exists: false } }),
    ),
    ...(plan.fulfilled
      ? [
          db.checkpoints
            .build(ParsedPutTransaction)
            .item(checkpointItem(plan.fulfilled.checkpoint))
            .options({ condition: { attr: 'status', eq: plan.fulfilled.statusRead } }),
        ]
      : []),
    ...followUpWrites(db, plan),
    ...flagWrites(db, plan.raised, plan.changed),
    auditWrite(db, audit),
  ];
  assertWithinTransactionLimit(writes.length);
  try {
    await executeTransactWrite(...writes);
  } catch (error) {
    // Another transaction on the same items: judged again on a fresh read, like a change of the case.
    if (isTransientCancellation(error)) throw new StaleCase();
    const index = failedConditionIndex(error);
    if (index === undefined) throw error;
    if (idempotency && index === 0) throw new AnsweredAlready();
    throw new StaleCase();
  }
}

const ATTEMPTS = 3;

/**
 * Logs a visit: reads the case, lets `decide` validate and plan against it, and commits. A concurrent change
 * to the same case makes it read and decide again; a concurrent request with the same idempotency key makes
 * it return that request's answer.
 */
export async function recordVisit(
  db: Db,
  snapshots: { first: CaseSnapshot; reload: () => Promise<CaseSnapshot> },
  decide: (snapshot: CaseSnapshot) => { plan: VisitPlan; answer: StoredAnswer; audit: AuditEntry },
  idempotency: { request: IdempotentRequest; at: Date } | undefined,
): Promise<{ answer: StoredAnswer; replayed: boolean }> {
  let snapshot = snapshots.first;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    if (attempt > 1) snapshot = await snapshots.reload();
    const { plan, answer, audit } = decide(snapshot);
    try {
      await commitVisit(db, plan, answer, idempotency, audit);
      return { answer, replayed: false };
    } catch (error) {
      if (error instanceof AnsweredAlready && idempotency) {
        const first = await storedAnswer(db, idempotency.request);
        if (first) return { answer: first, replayed: true };
      } else if (!(error instanceof StaleCase)) {
        throw error;
      }
    }
  }
  // Nothing is wrong with the request: other writes to the same case kept winning. The same request will do.
  throw new Busy('Other changes to this case were being saved at the same moment; retry shortly.');
}
