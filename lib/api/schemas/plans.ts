import * as z from 'zod';
import { PrincipalIdSchema } from '../../auth/principal';
import { DOMAINS } from '../../domain/domains';
import { ACTION_STATUSES, GOAL_STATUSES, MAX_ACTIONS_PER_GOAL, MAX_GOALS, PLAN_TEXT } from '../../domain/plan';
import { IsoDateSchema, TimestampSchema, UlidSchema, textSchema } from './common';

export const GoalStatusSchema = /* @__PURE__ */ z.enum(GOAL_STATUSES).meta({
  id: 'GoalStatus',
  description: 'open: being worked on; achieved: reached; dropped: no longer pursued (kept, never needs review).',
});

export const ActionStatusSchema = /* @__PURE__ */ z.enum(ACTION_STATUSES).meta({
  id: 'ActionStatus',
  description: 'planned and in_progress are pending: on the agenda by their due date; done and cancelled leave it.',
});

const PlanActionSchema = /* @__PURE__ */ z.strictObject({
  description: textSchema(PLAN_TEXT.description).meta({ description: 'What is to be done.' }),
  responsible: textSchema(PLAN_TEXT.responsible).meta({
    description: 'Who carries it out, in a few words: a role or a relation, not a full name ("case worker", "school pedagogue", "aunt").',
  }),
  dueBy: IsoDateSchema.meta({ description: 'Due by this day; not before the child was enrolled.' }),
  status: ActionStatusSchema,
});

const PlanGoalSchema = /* @__PURE__ */ z.strictObject({
  domain: z.enum(DOMAINS),
  goal: textSchema(PLAN_TEXT.goal).meta({ description: 'What the child and the worker aim for in this domain.' }),
  status: GoalStatusSchema,
  actions: z.array(PlanActionSchema).max(MAX_ACTIONS_PER_GOAL).meta({ description: `At most ${MAX_ACTIONS_PER_GOAL} actions per goal.` }),
});

export const PutPlanSchema = /* @__PURE__ */ z
  .strictObject({
    version: z
      .number()
      .int()
      .min(0)
      .meta({ description: 'The version of the plan read: 0 for the first plan of a child. A stale version is 409.' }),
    reviewOn: IsoDateSchema.meta({ description: 'When the plan is next reviewed; today or later. On the agenda.' }),
    childParticipated: z.boolean().meta({ description: 'Whether the child took part in making this version of the plan.' }),
    childViewOnPlan: textSchema(PLAN_TEXT.childViewOnPlan).optional().meta({ description: 'The child’s own view of the plan, in their words.' }),
    goals: z.array(PlanGoalSchema).min(1).max(MAX_GOALS).meta({ description: `One to ${MAX_GOALS} goals, each in a domain.` }),
  })
  .meta({
    id: 'PutPlan',
    example: {
      version: 0,
      reviewOn: '2026-09-15',
      childParticipated: true,
      childViewOnPlan: 'I want to go back to school after the summer.',
      goals: [
        {
          domain: 'education',
          goal: 'Back in school for the new school year.',
          status: 'open',
          actions: [{ description: 'Meet the school pedagogue about enrolment.', responsible: 'case worker', dueBy: '2026-08-20', status: 'planned' }],
        },
      ],
    },
  });

const RevisionSchema = /* @__PURE__ */ z.object({ version: z.number().int(), by: PrincipalIdSchema, role: z.string(), at: TimestampSchema });

export const PlanSchema = /* @__PURE__ */ z
  .object({
    childId: UlidSchema,
    version: z.number().int().meta({ description: 'Send it back with the next revision.' }),
    reviewOn: IsoDateSchema,
    childParticipated: z.boolean(),
    childViewOnPlan: z.string().optional(),
    goals: z.array(
      z.object({
        domain: z.enum(DOMAINS),
        goal: z.string(),
        status: GoalStatusSchema,
        actions: z.array(z.object({ description: z.string(), responsible: z.string(), dueBy: IsoDateSchema, status: ActionStatusSchema })),
        needsReview: z.boolean().meta({
          description: 'An unresolved regression in this domain was raised after the plan’s last revision (never for a dropped goal).',
        }),
      }),
    ),
    needsReview: z
      .array(z.object({ domain: z.enum(DOMAINS), flagId: UlidSchema, raisedAt: TimestampSchema }))
      .meta({ description: 'The regression flags that call goals into question, oldest first; empty when none.' }),
    revisedBy: PrincipalIdSchema,
    revisedRole: z.string(),
    revisedAt: TimestampSchema,
    createdAt: TimestampSchema,
    revisions: z.array(RevisionSchema).meta({ description: 'Who revised the plan, when: every version, oldest first.' }),
  })
  .meta({ id: 'Plan' });
