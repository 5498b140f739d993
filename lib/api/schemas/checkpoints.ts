import * as z from 'zod';
import { DOMAINS } from '../../domain/domains';
import { AGENDA_CATEGORIES, CHECKPOINT_STATUSES } from '../../domain/schedule';
import { PrincipalIdSchema } from '../../auth/principal';
import { IsoDateSchema, PageQuerySchema, TimestampSchema, UlidSchema, pageOf, textSchema } from './common';

export const CheckpointStatusSchema = z.enum(CHECKPOINT_STATUSES).meta({ id: 'CheckpointStatus' });

export const CheckpointSchema = z
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

export const ScheduleSchema = pageOf(CheckpointSchema).meta({ id: 'Schedule' });

export const AgendaQuerySchema = PageQuerySchema.extend({
  from: IsoDateSchema.optional().meta({ description: 'First due date to include (default: 90 days ago).' }),
  to: IsoDateSchema.optional().meta({ description: 'Last due date to include (default: 30 days ahead).' }),
});

export const AgendaItemSchema = z
  .object({
    checkpointId: UlidSchema,
    childId: UlidSchema,
    caseCode: z.string(),
    caseWorkerId: PrincipalIdSchema,
    dueOn: IsoDateSchema,
    windowOpensOn: IsoDateSchema,
    graceEndsOn: IsoDateSchema,
    status: CheckpointStatusSchema,
    category: z.enum(AGENDA_CATEGORIES).meta({
      description: 'overdue: due date passed; due: visit window open; upcoming: window not yet open.',
    }),
  })
  .meta({ id: 'AgendaItem' });

export const AgendaSchema = pageOf(AgendaItemSchema).meta({ id: 'Agenda' });

export const CheckpointPathSchema = z.strictObject({ childId: UlidSchema, checkpointId: UlidSchema });

const ReasonSchema = textSchema(500).meta({ description: 'Why; kept on the checkpoint.' });

export const UpdateCheckpointSchema = z
  .discriminatedUnion('action', [
    z.strictObject({
      action: z.literal('reschedule'),
      dueOn: IsoDateSchema.meta({ description: 'The new due date: today or later.' }),
      reason: ReasonSchema,
    }),
    z.strictObject({ action: z.literal('cancel'), reason: ReasonSchema }),
  ])
  .meta({ id: 'UpdateCheckpoint' });
