import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type { AuditEntry } from '../domain/audit';
import { auditWrite } from './audit';
import { failedConditionIndex } from './transactions';
import { StaleRecord } from '../domain/errors';
import { checkpointItem } from './items';
import type { CaseloadScope } from '../auth/access';
import type { Checkpoint } from '../domain/case';
import type { FollowUpWrites } from '../domain/follow-up';
import type { IsoDate } from '../domain/dates';
import type { CheckpointStatus } from '../domain/schedule';
import type { Db } from './db';
import { keys, scopedPartition } from './keys';
import { pageOf, startKey, type Page, type PageRequest } from './pages';
import { ParsedPutTransaction } from './parsed-put';

/** Transaction items that write new checkpoints, each only if its id is new. */
export const checkpointCreations = (db: Db, checkpoints: readonly Checkpoint[]) =>
  checkpoints.map((checkpoint) =>
    db.checkpoints.build(ParsedPutTransaction).item(checkpointItem(checkpoint)).options({ condition: { attr: 'checkpointId', exists: false } }),
  );

/** Transaction items that fail the transaction unless each checkpoint still has the status a change relied on when it was planned. */
export const statusChecks = (db: Db, status: CheckpointStatus, checkpoints: readonly Checkpoint[]) =>
  checkpoints.map((checkpoint) => db.checkpoints.build(ConditionCheck).key(checkpoint).condition({ attr: 'status', eq: status }));

/** Transaction items that keep follow-up going: the rolling checkpoint written, or the checkpoint relied on checked. */
export const followUpWrites = (db: Db, writes: FollowUpWrites) => [
  ...checkpointCreations(db, writes.created),
  ...statusChecks(db, 'scheduled', writes.stillScheduled),
];

/** One page of a child's schedule, by due date (the schedule LSI). */
export async function listSchedule(db: Db, childId: string, page: PageRequest): Promise<Page<Checkpoint>> {
  const partition = keys.child(childId).pk;
  const exclusiveStartKey = startKey(page, { pk: partition }, 'byDate');
  const { Items = [], LastEvaluatedKey } = await db.table
    .build(QueryCommand)
    .query({ index: 'byDate', partition, range: { beginsWith: keys.schedulePrefix } })
    .entities(db.checkpoints)
    .options({ limit: page.limit, consistent: true, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
    .send();
  return pageOf(Items, LastEvaluatedKey);
}

/**
 * Open checkpoints, plan reviews and pending plan actions due between two dates for a case worker or an
 * organisation, soonest first: one query, as a plan's entries share the agenda partitions with the checkpoints.
 */
export async function listAgenda(
  db: Db,
  scope: CaseloadScope,
  dueBetween: { from: IsoDate; to: IsoDate },
  page: PageRequest,
) {
  const { index, attribute, partition } = scopedPartition(scope, 'agenda');
  const exclusiveStartKey = startKey(page, { [attribute]: partition });
  // '#' sorts before '~', so `to#~` is past every checkpoint id of that day.
  const range = { between: [`${dueBetween.from}#`, `${dueBetween.to}#~`] as [string, string] };
  const { Items = [], LastEvaluatedKey } = await db.table
    .build(QueryCommand)
    .query({ index, partition, range })
    .entities(db.checkpoints, db.planAgendaEntries)
    // As the caseload: a worker's agenda is kept to the organisation they are in now.
    .options({
      limit: page.limit,
      showEntityAttr: true,
      filters: {
        Checkpoint: { attr: 'organisationId', eq: scope.organisationId },
        PlanAgendaEntry: { attr: 'organisationId', eq: scope.organisationId },
      },
      ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
    })
    .send();
  return pageOf(Items, LastEvaluatedKey);
}

export type AgendaEntry = Awaited<ReturnType<typeof listAgenda>>['items'][number];

/**
 * Writes a change of one checkpoint with what keeps follow-up going and its audit record; 409 when the checkpoint
 * changed since it was read, or the one the change relied on is no longer scheduled (a visit, the sweep).
 */
export async function saveCheckpoint(
  db: Db,
  change: { checkpoint: Checkpoint; updatedAtRead: string; followUp: FollowUpWrites },
  audit: AuditEntry,
): Promise<void> {
  try {
    await executeTransactWrite(
      db.checkpoints
        .build(ParsedPutTransaction)
        .item(checkpointItem(change.checkpoint))
        .options({ condition: { attr: 'updatedAt', eq: change.updatedAtRead } }),
      ...followUpWrites(db, change.followUp),
      auditWrite(db, audit),
    );
  } catch (error) {
    if (failedConditionIndex(error) !== undefined) {
      throw new StaleRecord('The schedule changed since you read it (a visit or the sweep); read it again.');
    }
    throw error;
  }
}
