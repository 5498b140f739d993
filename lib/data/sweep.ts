import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { execute as executeTransactWrite } from 'dynamodb-toolbox/entity/actions/transactWrite';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { mapWithConcurrency } from '../concurrency';
import type { Stamp } from '../domain/case';
import { addDays, type IsoDate } from '../domain/dates';
import { auditor, type AuditAction } from '../domain/audit';
import { REMINDER_HORIZON_DAYS, visitsDue } from '../domain/reminders';
import { escalate, isDueForEscalation, planMisses, type MissPlan } from '../domain/sweep';
import { auditWrite } from './audit';
import { capacityUnitsOf, type ConsumedCapacityOf } from './capacity';
import { caseRecords } from './cases';
import { followUpWrites, statusChecks } from './checkpoints';
import type { Db } from './db';
import { StaleRecord } from '../domain/errors';
import { flagWrites, saveFlagChange } from './flags';
import { flagOverdue, isOverdue as isReferralOverdue } from '../domain/referrals';
import { saveReferralChange } from './referrals';
import { checkpointItem } from './items';
import { refreshOutcome } from './outcomes';
import { keys, SWEEP_SHARDS } from './keys';
import { assertWithinTransactionLimit, isTransientCancellation, lostRace } from './transactions';
import { ParsedPutTransaction } from './parsed-put';

export interface SweepReport {
  /** Index entries read: checkpoints past their grace end and flags past the escalation deadline. */
  checked: number;
  missed: number;
  flagsRaised: number;
  escalated: number;
  /** `VisitsDue` reminders put tonight: one per case worker with checkpoints due soon or overdue. */
  remindersSent: number;
  /** Children counted again in the outcome figures because a level of theirs went stale. */
  outcomesRefreshed: number;
  /** False when the run stopped for lack of time; the next run continues, since done work left the index. */
  complete: boolean;
  /** Read and write capacity units the run consumed (ReturnConsumedCapacity TOTAL). */
  consumedCapacity: number;
}

export interface SweepContext {
  today: IsoDate;
  now: Date;
  stamp: () => Stamp;
  escalationDays: number;
  /** How long a level counts in the outcome figures (`OUTCOMES_FRESH_MONTHS`). */
  freshMonths: number;
  /** Milliseconds the run may still take (a Lambda's remaining time). */
  timeLeft: () => number;
}

const PAGE = 100;
/** Per shard; × 8 shards × 3 parallel reads stays under the SDK's 50 sockets. */
const CHILDREN_AT_ONCE = 2;
const ATTEMPTS = 3;
/** Stop starting new pages when less than this is left, so the run ends cleanly, never mid-write. */
const SAFETY_MS = 15_000;

class Meter {
  units = 0;
  add(response: ConsumedCapacityOf): void {
    this.units += capacityUnitsOf(response);
  }
}

/**
 * The scheduled sweep: marks checkpoints missed and raises their flags, child by child, escalates flags left
 * unacknowledged, and counts again in the outcome figures the children a level of whose goes stale today (a
 * change with time alone, which no stream record brings). It reads only the `byDeadline` index's due entries
 * (never the tables), in parallel over its shards. Every write is conditional (status read, subject new, `updatedAt` read), so two runs at
 * once, or one run twice, raise nothing twice.
 */
export async function runSweep(db: Db, context: SweepContext): Promise<SweepReport> {
  const meter = new Meter();
  const report: SweepReport = {
    checked: 0,
    missed: 0,
    flagsRaised: 0,
    escalated: 0,
    remindersSent: 0,
    outcomesRefreshed: 0,
    complete: true,
    consumedCapacity: 0,
  };
  const enoughTime = () => {
    if (context.timeLeft() > SAFETY_MS) return true;
    report.complete = false;
    return false;
  };

  const sweepShard = async (shard: number) => {
    for await (const page of pages(db, meter, keys.dueCheckpoints(shard), `${context.today}#`, enoughTime, DUE)) {
      report.checked += page.length;
      const children = [...new Set(page.map((item) => item.childId))];
      await mapWithConcurrency(children, CHILDREN_AT_ONCE, async (childId) => {
        const plan = await markMisses(db, meter, childId, context);
        report.missed += plan.missed.length;
        report.flagsRaised += plan.raised.length;
      });
    }
    const cutoff = new Date(context.now.getTime() - context.escalationDays * 86_400_000).toISOString();
    for await (const page of pages(db, meter, keys.unacknowledgedFlags(shard), `${cutoff}#~`, enoughTime, DUE)) {
      report.checked += page.length;
      const escalated = await mapWithConcurrency(page, CHILDREN_AT_ONCE, (item) =>
        escalateFlag(db, meter, item.childId, item.subject, context),
      );
      report.escalated += escalated.filter(Boolean).length;
    }
    for await (const page of pages(db, meter, keys.dueReferrals(shard), `${context.today}#`, enoughTime, ['childId', 'referralId'] as const)) {
      report.checked += page.length;
      const flagged = await mapWithConcurrency(page, CHILDREN_AT_ONCE, (item) => flagOverdueReferral(db, meter, item.childId, item.referralId, context));
      report.flagsRaised += flagged.filter(Boolean).length;
    }
    for await (const page of pages(db, meter, keys.staleOutcomes(shard), `${context.today}#~`, enoughTime, ['childId'] as const)) {
      await mapWithConcurrency(page, CHILDREN_AT_ONCE, ({ childId }) => refreshOutcome(db, childId, { asOf: context.today, freshMonths: context.freshMonths }));
      report.outcomesRefreshed += page.length;
    }
  };

  await Promise.all(Array.from({ length: SWEEP_SHARDS }, (_, shard) => sweepShard(shard)));
  // After the misses, so a checkpoint past its grace tonight is no longer counted as still in time.
  report.remindersSent = await sendReminders(db, meter, context, enoughTime);
  report.consumedCapacity = Math.round(meter.units * 10) / 10;
  return report;
}

/** The sweep's changes are the system's, recorded like anyone's; one run is one request. */
const systemAudit = (context: SweepContext, action: AuditAction, childId: string) =>
  auditor('system', `sweep-${context.now.toISOString()}`, context.now.toISOString())(action, childId);

/** Attributes of one sweep partition's entries sorting before `before`, a page at a time. */
async function* pages<A extends string>(db: Db, meter: Meter, partition: string, before: string, enoughTime: () => boolean, attributes: readonly A[]) {
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    if (!enoughTime()) return;
    const response = await db.table
      .build(QueryCommand)
      .query({ index: 'byDeadline', partition, range: { lt: before } })
      .options({ limit: PAGE, capacity: 'TOTAL', attributes: [...attributes], ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
      .send();
    meter.add(response);
    yield (response.Items ?? []) as Array<Record<A, string>>;
    exclusiveStartKey = response.LastEvaluatedKey;
  } while (exclusiveStartKey);
}

const DUE = ['childId', 'subject', 'checkpointId'] as const;

/**
 * Tonight's `VisitsDue` reminders (lib/domain/reminders.ts): the scheduled checkpoints due up to the horizon are the
 * front of the sweep's own deadline index (sorted by grace end), so they are read without a Scan; one reminder per
 * case worker is put on the condition that none was put tonight, so a second run sends nothing twice.
 */
async function sendReminders(db: Db, meter: Meter, context: SweepContext, enoughTime: () => boolean): Promise<number> {
  const graceDays = context.stamp().policy.graceDays;
  const before = `${addDays(context.today, REMINDER_HORIZON_DAYS + graceDays + 1)}#`;
  const due: Array<{ caseWorkerId: string; organisationId: string; dueOn: string }> = [];
  await Promise.all(
    Array.from({ length: SWEEP_SHARDS }, async (_, shard) => {
      for await (const page of pages(db, meter, keys.dueCheckpoints(shard), before, enoughTime, ['caseWorkerId', 'organisationId', 'dueOn'] as const)) due.push(...page);
    }),
  );
  if (!enoughTime()) return 0;
  const expiresAt = Math.floor(context.now.getTime() / 1000) + REMINDER_TTL_DAYS * 86_400;
  const sent = await mapWithConcurrency(visitsDue(due, context.today), 10, async (reminder) => {
    try {
      meter.add(
        await db.visitsDueReminders
          .build(PutItemCommand)
          .item({ ...reminder, expiresAt })
          .options({ condition: { attr: 'day', exists: false }, capacity: 'TOTAL' })
          .send(),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  });
  return sent.filter(Boolean).length;
}

/** A reminder item is only the trigger of its event: it is cleared after a month. */
const REMINDER_TTL_DAYS = 30;

/** One child's misses in one transaction; a change meanwhile (a visit, another sweep) makes it read again. */
async function markMisses(db: Db, meter: Meter, childId: string, context: SweepContext): Promise<MissPlan> {
  const none: MissPlan = { missed: [], raised: [], stillMissed: [], created: [], stillScheduled: [] };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const { child, checkpoints, flags } = await caseRecords(db, childId, 'CHECKPOINT#', (response) => meter.add(response));
    if (!child) return none;
    const plan = planMisses(child, checkpoints, flags, context.today, context.stamp());
    if (plan.missed.length === 0) return plan;
    const writes = [
      ...plan.missed.map(({ checkpoint, statusRead }) =>
        db.checkpoints.build(ParsedPutTransaction).item(checkpointItem(checkpoint)).options({ condition: { attr: 'status', eq: statusRead } }),
      ),
      ...followUpWrites(db, plan),
      ...flagWrites(db, plan.raised, []),
      ...statusChecks(db, 'missed', plan.stillMissed),
      auditWrite(db, systemAudit(context, 'checkpoints.missed', childId)),
    ];
    assertWithinTransactionLimit(writes.length);
    try {
      meter.add(await executeTransactWrite({ capacity: 'TOTAL' }, ...writes));
      return plan;
    } catch (error) {
      // A visit or another sweep changed the child meanwhile: read it again.
      if (!lostRace(error)) throw error;
    }
  }
  return none;
}

/**
 * A pending referral past its due day gets its `referral_overdue` flag and leaves the deadline index in one
 * transaction, on the condition that the referral is as read: a delivery meanwhile, or another run, wins.
 */
async function flagOverdueReferral(db: Db, meter: Meter, childId: string, referralId: string, context: SweepContext): Promise<boolean> {
  const [referralRead, childRead] = await Promise.all([
    db.referrals.build(GetItemCommand).key({ childId, referralId }).options({ consistent: true, capacity: 'TOTAL' }).send(),
    db.children.build(GetItemCommand).key({ childId }).options({ consistent: true, capacity: 'TOTAL' }).send(),
  ]);
  meter.add(referralRead);
  meter.add(childRead);
  const { Item: referral } = referralRead;
  const { Item: child } = childRead;
  if (!referral || !child || !isReferralOverdue(referral, context.today)) return false;
  const { referral: flagged, raised } = flagOverdue(referral, child, context.stamp());
  const result = await saveReferralChange(
    db,
    { referral: flagged, updatedAtRead: referral.updatedAt, raised: [raised] },
    systemAudit(context, 'referral.overdue', childId),
    { capacity: 'TOTAL' },
  );
  if (result.saved) meter.add(result.response);
  return result.saved;
}

async function escalateFlag(db: Db, meter: Meter, childId: string, subject: string, context: SweepContext): Promise<boolean> {
  const read = await db.flags.build(GetItemCommand).key({ childId, subject }).options({ consistent: true, capacity: 'TOTAL' }).send();
  meter.add(read);
  const flag = read.Item;
  if (!flag || !isDueForEscalation(flag, context.now, context.escalationDays)) return false;
  try {
    meter.add(await saveFlagChange(db, escalate(flag, context.stamp()), systemAudit(context, 'flag.escalate', childId)));
    return true;
  } catch (error) {
    // Acknowledged or escalated by someone else meanwhile: nothing left to do. Caught in another transaction
    // (a visit resolving it): the flag stays in the index, so the next run looks again.
    if (error instanceof StaleRecord || isTransientCancellation(error)) return false;
    throw error;
  }
}
