import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { ConditionCheck } from 'dynamodb-toolbox/entity/actions/transactCheck';
import {
  execute as executeTransactWrite,
  type ExecuteTransactWriteInput,
  type ExecuteTransactWriteOptions,
} from 'dynamodb-toolbox/entity/actions/transactWrite';
import type { AuditEntry } from '../domain/audit';
import type { Child } from '../domain/case';
import type { Plan } from '../domain/plan';
import { planAgendaEntries, type PlanAgendaEntry } from '../domain/plan-agenda';
import { StaleRecord } from '../domain/errors';
import { auditWrite } from './audit';
import type { Db } from './db';
import { keys } from './keys';
import { assertWithinTransactionLimit, failedConditionIndex } from './transactions';
import { ParsedPutTransaction } from './parsed-put';

export type TransactionItem = Exclude<ExecuteTransactWriteInput[number], ExecuteTransactWriteOptions>;

type CaseOfPlan = Pick<Child, 'childId' | 'caseCode' | 'caseWorkerId' | 'organisationId' | 'status'>;

/**
 * The stored form of a plan's agenda entry: the child's case worker and organisation copied in, and the keys of the
 * agenda indexes while the case is active (a closed case's plan leaves the agenda, as its cancelled checkpoints do).
 */
export function planAgendaItem(entry: PlanAgendaEntry, child: CaseOfPlan) {
  const sort = keys.agendaSort(entry.dueOn, keys.planAgendaId(child.childId, entry.slot));
  return {
    ...entry,
    childId: child.childId,
    caseCode: child.caseCode,
    caseWorkerId: child.caseWorkerId,
    organisationId: child.organisationId,
    ...(child.status === 'active'
      ? {
          gsi1pk: keys.agendaOfWorker(child.caseWorkerId),
          gsi1sk: sort,
          gsi2pk: keys.agendaOfOrganisation(child.organisationId),
          gsi2sk: sort,
        }
      : {}),
  };
}

export type StoredPlanAgendaEntry = PlanAgendaEntry & Pick<Child, 'childId' | 'caseCode' | 'caseWorkerId' | 'organisationId'>;

export async function findPlan(db: Db, childId: string): Promise<Plan | undefined> {
  const { Item } = await db.plans.build(GetItemCommand).key({ childId }).options({ consistent: true }).send();
  return Item;
}

/** A plan's agenda entries as they will be stored for the child as it is: one put per slot. */
const agendaPuts = (db: Db, plan: Plan, child: CaseOfPlan) =>
  planAgendaEntries(plan).map((entry) => db.planAgendaEntries.build(ParsedPutTransaction).item(planAgendaItem(entry, child)));

/**
 * A revision of the plan in one transaction: the child still with the case worker, organisation and status read (so
 * a reassignment or a closure meanwhile cannot leave the agenda entries with the former case worker), the plan still
 * at the version the writer read (409 otherwise: stale), the new version kept apart for good, the audit record, and
 * the agenda entries: the slots the plan fills overwritten, the ones it no longer fills removed.
 */
export async function savePlan(db: Db, child: Child, plan: Plan, previous: Plan | undefined, audit: AuditEntry): Promise<void> {
  const filled = planAgendaEntries(plan).length;
  const before = previous ? planAgendaEntries(previous).length : 0;
  const writes: TransactionItem[] = [
    // Only what the entries copy from the child: a visit meanwhile (which bumps the child's version) is no conflict.
    db.children
      .build(ConditionCheck)
      .key({ childId: child.childId })
      .condition({
        and: [
          { attr: 'caseWorkerId', eq: child.caseWorkerId },
          { attr: 'organisationId', eq: child.organisationId },
          { attr: 'status', eq: child.status },
        ],
      }),
    db.plans
      .build(ParsedPutTransaction)
      .item(plan)
      .options({ condition: previous ? { attr: 'version', eq: previous.version } : { attr: 'childId', exists: false } }),
    db.planVersions.build(ParsedPutTransaction).item(plan).options({ condition: { attr: 'childId', exists: false } }),
    auditWrite(db, audit),
    ...agendaPuts(db, plan, child),
    ...Array.from({ length: Math.max(0, before - filled) }, (_, i) => db.planAgendaEntries.build(DeleteTransaction).key({ childId: child.childId, slot: filled + i })),
  ];
  assertWithinTransactionLimit(writes.length);
  try {
    await executeTransactWrite(...writes);
  } catch (error) {
    const failed = failedConditionIndex(error);
    if (failed === 0) throw new StaleRecord('The case changed while the plan was saved (a reassignment or a closure); read it again.');
    if (failed === 1 || failed === 2) throw new StaleRecord('The plan was revised by someone else meanwhile; read it again.');
    throw error;
  }
}

/**
 * What a change of the case writes so the plan's agenda entries follow it (DESIGN.md: "the agenda follows the
 * case"): when the case worker changes, or the case closes or reopens, every entry is written again for the child as
 * it will be, on the condition that the plan is still the version read. Nothing when the child has no plan or the
 * change touches neither.
 */
export async function planAgendaFollowing(db: Db, before: CaseOfPlan, after: CaseOfPlan): Promise<TransactionItem[]> {
  if (before.caseWorkerId === after.caseWorkerId && before.status === after.status && before.organisationId === after.organisationId) return [];
  const plan = await findPlan(db, after.childId);
  if (!plan) return [];
  return [
    db.plans.build(ConditionCheck).key({ childId: plan.childId }).condition({ attr: 'version', eq: plan.version }),
    ...agendaPuts(db, plan, after),
  ];
}
