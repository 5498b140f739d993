import * as z from 'zod';
import { DOMAINS } from '../../domain/domains';
import { AGENDA_CATEGORIES, CHECKPOINT_STATUSES } from '../../domain/schedule';
import { PrincipalIdSchema } from '../../auth/principal';
import { ActionStatusSchema } from './plans';
import { IsoDateSchema, PageQuerySchema, TimestampSchema, UlidSchema, pageOf, textSchema } from './common';

export const CheckpointStatusSchema = /* @__PURE__ */ z.enum(CHECKPOINT_STATUSES).meta({ id: 'CheckpointStatus' });

export const CheckpointSchema = /* @__PURE__ */ z
  .object({
    checkpointId: UlidSchema,
    childId: UlidSchema,
    dueOn: IsoDateSchema,
    windowOpensOn: IsoDateSchema.meta({ description: 'A visit from this day on counts for the checkpoint.' }),
    graceEndsOn: IsoDateSchema.meta({ description: 'With no visit by the end of this day the checkpoint is missed.' }),
    domains: z.array(z.enum(DOMAINS)),
    status: CheckpointStatusSchema,
    visitId: UlidSchema.optional(),
    cancellation: z.object({ reason: z.string(), at: TimestampSchema, by: PrincipalIdSchema }).optional(),
    rescheduling: z
      .object({ fromDueOn: IsoDateSchema, reason: z.string(), at: TimestampSchema, by: PrincipalIdSchema })
      .optional()
      .meta({ description: 'The latest move of the due date.' }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Checkpoint' });
export type Checkpoint = z.output<typeof CheckpointSchema>;

export const ScheduleSchema = /* @__PURE__ */ pageOf(CheckpointSchema).meta({ id: 'Schedule' });

export const AgendaQuerySchema = /* @__PURE__ */ PageQuerySchema.extend({
  from: IsoDateSchema.optional().meta({ description: 'First due date to include (default: 90 days ago).' }),
  to: IsoDateSchema.optional().meta({ description: 'Last due date to include (default: 30 days ahead).' }),
});

const AgendaCategorySchema = /* @__PURE__ */ z.enum(AGENDA_CATEGORIES).meta({
  description: 'overdue: the day has passed; due: within the visit window before the day (14 days by default); upcoming: later.',
});

export const CheckpointAgendaItemSchema = /* @__PURE__ */ z
  .object({
    kind: z.literal('checkpoint'),
    checkpointId: UlidSchema,
    childId: UlidSchema,
    caseCode: z.string(),
    caseWorkerId: PrincipalIdSchema,
    dueOn: IsoDateSchema,
    windowOpensOn: IsoDateSchema,
    graceEndsOn: IsoDateSchema,
    status: CheckpointStatusSchema,
    category: AgendaCategorySchema,
  })
  .meta({ id: 'CheckpointAgendaItem' });

const planEntryFields = {
  childId: UlidSchema,
  caseCode: z.string(),
  caseWorkerId: PrincipalIdSchema,
  dueOn: IsoDateSchema,
  planVersion: /* @__PURE__ */ z.number().int().meta({ description: 'The version of the plan the entry comes from.' }),
  category: AgendaCategorySchema,
};

export const PlanReviewAgendaItemSchema = /* @__PURE__ */ z
  .object({ kind: z.literal('plan_review'), ...planEntryFields })
  .meta({ id: 'PlanReviewAgendaItem', description: 'The review of a child’s plan, on its `reviewOn` day.' });

export const PlanActionAgendaItemSchema = /* @__PURE__ */ z
  .object({
    kind: z.literal('plan_action'),
    ...planEntryFields,
    domain: z.enum(DOMAINS),
    goalIndex: z.number().int(),
    actionIndex: z.number().int(),
    description: z.string(),
    responsible: z.string(),
    status: ActionStatusSchema,
  })
  .meta({ id: 'PlanActionAgendaItem', description: 'A pending action of a child’s plan, on its `dueBy` day.' });

export const AgendaItemSchema = /* @__PURE__ */ z
  .discriminatedUnion('kind', [CheckpointAgendaItemSchema, PlanReviewAgendaItemSchema, PlanActionAgendaItemSchema])
  .meta({ id: 'AgendaItem', description: 'An open checkpoint, a plan review, or a pending plan action, by its day.' });

export const AgendaSchema = /* @__PURE__ */ pageOf(AgendaItemSchema).meta({ id: 'Agenda' });

export const CheckpointPathSchema = /* @__PURE__ */ z.strictObject({ childId: UlidSchema, checkpointId: UlidSchema });

const ReasonSchema = /* @__PURE__ */ textSchema(500).meta({ description: 'Why; kept on the checkpoint.' });

export const UpdateCheckpointSchema = /* @__PURE__ */ z
  .discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('reschedule'),
      dueOn: IsoDateSchema.meta({ description: 'The new due date: today or later.' }),
      reason: ReasonSchema,
    }),
    z.strictObject({ action: z.literal('cancel'), reason: ReasonSchema }),
  ])
  .meta({ id: 'UpdateCheckpoint' });
