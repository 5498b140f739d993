import { Entity } from 'dynamodb-toolbox/entity';
import { boolean } from 'dynamodb-toolbox/schema/boolean';
import { item } from 'dynamodb-toolbox/schema/item';
import { list } from 'dynamodb-toolbox/schema/list';
import { map } from 'dynamodb-toolbox/schema/map';
import { number } from 'dynamodb-toolbox/schema/number';
import { string } from 'dynamodb-toolbox/schema/string';
import { DOMAINS } from '../../domain/domains';
import { ACTION_STATUSES, GOAL_STATUSES } from '../../domain/plan';
import { keys } from '../keys';
import type { RecordsTable } from '../db';
import { indexKey } from './attributes';

const planFields = () => ({
  reviewOn: string(),
  childParticipated: boolean(),
  childViewOnPlan: string().optional(),
  goals: list(
    map({
      domain: string().enum(...DOMAINS),
      goal: string(),
      status: string().enum(...GOAL_STATUSES),
      actions: list(map({ description: string(), responsible: string(), dueBy: string(), status: string().enum(...ACTION_STATUSES) })),
    }),
  ),
  revisedBy: string(),
  revisedRole: string(),
  revisedAt: string(),
  createdAt: string(),
  revisions: list(map({ version: number(), by: string(), role: string(), at: string() })),
});

/** The child's current plan, one item in the plan's partition, outside the case's own state query. */
export const planEntity = (table: RecordsTable) =>
  new Entity({
    name: 'Plan',
    table,
    timestamps: false,
    schema: item({ childId: string().key(), version: number(), ...planFields() }),
    computeKey: ({ childId }) => keys.plan(childId),
  });

/** Each version of the plan as it was written, never changed afterwards: the plan's history. */
export const planVersionEntity = (table: RecordsTable) =>
  new Entity({
    name: 'PlanVersion',
    table,
    timestamps: false,
    schema: item({ childId: string().key(), version: number().key(), ...planFields() }),
    computeKey: ({ childId, version }) => keys.planVersion(childId, version),
  });

/**
 * One date a plan puts on the agenda (its review, or a pending action's due date), keyed like an open checkpoint on
 * the agenda indexes so one query reads both in date order. Copies the case worker and organisation from the child,
 * kept in step by a reassignment, and drops its index keys while the case is closed.
 */
export const planAgendaEntryEntity = (table: RecordsTable) =>
  new Entity({
    name: 'PlanAgendaEntry',
    table,
    timestamps: false,
    schema: item({
      childId: string().key(),
      slot: number().key(),
      kind: string().enum('plan_review', 'plan_action'),
      dueOn: string(),
      planVersion: number(),
      domain: string().enum(...DOMAINS).optional(),
      goalIndex: number().optional(),
      actionIndex: number().optional(),
      description: string().optional(),
      responsible: string().optional(),
      status: string().enum(...ACTION_STATUSES).optional(),
      caseCode: string(),
      caseWorkerId: string(),
      organisationId: string(),
      gsi1pk: indexKey(),
      gsi1sk: indexKey(),
      gsi2pk: indexKey(),
      gsi2sk: indexKey(),
    }),
    computeKey: ({ childId, slot }) => keys.planAgendaEntry(childId, slot),
  });
