/** Routes of the table (lib/api/routes/index.ts): The follow-up schedule of a child and the agenda of the checkpoints due. */
import { defineRoute } from '../route';
import { AgendaQuerySchema, AgendaSchema, CheckpointPathSchema, CheckpointSchema, ScheduleSchema, UpdateCheckpointSchema } from '../schemas/checkpoints';
import { ChildPathSchema } from '../schemas/children';
import { PageQuerySchema } from '../schemas/common';
import { caseManagers } from './callers';


export const listCheckpoints = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/children/{childId}/checkpoints',
  summary: 'The follow-up schedule, by due date',
  tag: 'Checkpoints',
  access: caseManagers,
  scope: { record: 'child', load: 'child', access: 'read', audit: 'checkpoints.read' },
  handler: 'functions/checkpoints/list.ts',
  request: { path: ChildPathSchema, query: PageQuerySchema },
  responses: { 200: { description: 'One page of checkpoints.', json: ScheduleSchema } },
});

export const updateCheckpoint = /* @__PURE__ */ defineRoute({
  method: 'PATCH',
  path: '/children/{childId}/checkpoints/{checkpointId}',
  summary: 'Reschedule or cancel one checkpoint, with a reason',
  description:
    'Rescheduling moves a scheduled checkpoint to today or later, with the window and grace period of the new ' +
    'date; cancelling takes a scheduled or missed checkpoint off the agenda and out of the sweep. Cancelling the last ' +
    'checkpoint scheduled of an active case brings the next rolling one (every 6 months after month 36): follow-up ' +
    'never goes silent.',
  tag: 'Checkpoints',
  access: caseManagers,
  scope: { record: 'child', load: 'case', access: 'write', audit: 'checkpoint.update' },
  handler: 'functions/checkpoints/update.ts',
  request: { path: CheckpointPathSchema, body: UpdateCheckpointSchema },
  responses: { 200: { description: 'The checkpoint as it is now.', json: CheckpointSchema } },
});

export const getAgenda = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/agenda',
  summary: 'My overdue, due and upcoming checkpoints, plan reviews and plan actions, soonest first',
  description:
    'A supervisor sees the agenda of the whole organisation. Each item says its `kind`: an open checkpoint, the review ' +
    'of a child’s plan (`reviewOn`), or a plan action still planned or in progress (`dueBy`).',
  tag: 'Checkpoints',
  access: caseManagers,
  handler: 'functions/checkpoints/agenda.ts',
  request: { query: AgendaQuerySchema },
  responses: { 200: { description: 'One page of the agenda.', json: AgendaSchema } },
});
