/** Routes of the table (lib/api/routes/index.ts): The child’s reintegration plan. */
import { defineRoute } from '../route';
import { ChildPathSchema } from '../schemas/children';
import { PlanSchema, PutPlanSchema } from '../schemas/plans';
import { caseManagers } from './callers';


export const putPlan = /* @__PURE__ */ defineRoute({
  method: 'PUT',
  path: '/children/{childId}/plan',
  summary: 'Write the child’s reintegration plan: the first one, or a revision of the version read',
  description:
    'The whole plan each time, with the version read: 0 for the first plan (201), then the current version (200). A ' +
    'stale version is 409 and writes nothing; so is a closed case. Every version is kept with who wrote it when. The ' +
    'review and every pending action go on the agenda of the case’s worker and organisation.',
  tag: 'Plan',
  access: caseManagers,
  scope: { record: 'child', load: 'child', access: 'write', audit: 'plan.write' },
  handler: 'functions/plans/put.ts',
  request: { path: ChildPathSchema, body: PutPlanSchema },
  responses: {
    200: { description: 'The plan, revised.', json: PlanSchema },
    201: { description: 'The child’s first plan.', json: PlanSchema },
  },
});

export const getPlan = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/children/{childId}/plan',
  summary: 'The child’s current plan, with the goals a regression since its last revision calls into question',
  description: '404 while the child has no plan yet.',
  tag: 'Plan',
  access: caseManagers,
  scope: { record: 'child', load: 'childWithFlags', access: 'read', audit: 'plan.read' },
  handler: 'functions/plans/get.ts',
  request: { path: ChildPathSchema },
  responses: { 200: { description: 'The plan.', json: PlanSchema } },
});
