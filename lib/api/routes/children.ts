/** Routes of the table (lib/api/routes/index.ts): Enrolment, the case, its closure and reopening, break-the-glass access and the audit trail. */
import { defineRoute } from '../route';
import { CaseloadQuerySchema, CaseloadSchema, ChildPathSchema, ChildDetailSchema, ChildSchema, CloseChildSchema, ReopenChildSchema, EmergencyAccessRequestSchema, EmergencyAccessSchema, EnrolChildSchema, EnrolmentSchema, UpdateChildSchema } from '../schemas/children';
import { PageQuerySchema } from '../schemas/common';
import { AuditTrailSchema } from '../schemas/audit';
import { caseManagers } from './callers';


export const enrolChild = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/children',
  summary: 'Enrol a child and generate the follow-up schedule',
  description: 'The checkpoints of the risk level are written in the same transaction as the child.',
  tag: 'Children',
  access: caseManagers,
  handler: 'functions/children/enrol.ts',
  uses: ['directory'],
  request: { body: EnrolChildSchema },
  responses: { 201: { description: 'The child and its checkpoints.', json: EnrolmentSchema } },
});

export const listChildren = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/children',
  summary: 'The caseload: my children, or my organisation’s for a supervisor',
  tag: 'Children',
  access: caseManagers,
  handler: 'functions/children/list.ts',
  request: { query: CaseloadQuerySchema },
  responses: { 200: { description: 'One page of the caseload, by case code.', json: CaseloadSchema } },
});

export const getChild = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/children/{childId}',
  summary: 'One child with the latest level per domain and the open flags',
  tag: 'Children',
  access: caseManagers,
  scope: { record: 'child', load: 'childWithFlags', access: 'read', audit: 'child.read' },
  handler: 'functions/children/get.ts',
  request: { path: ChildPathSchema },
  responses: { 200: { description: 'The child.', json: ChildDetailSchema } },
});

export const updateChild = /* @__PURE__ */ defineRoute({
  method: 'PATCH',
  path: '/children/{childId}',
  summary: 'Change risk level, case worker or municipality',
  description:
    'Optimistic concurrency: send the `version` you read. A new risk level regenerates the scheduled ' +
    'checkpoints due after today; a new case worker or municipality takes the open checkpoints along.',
  tag: 'Children',
  access: caseManagers,
  scope: { record: 'child', load: 'case', access: 'write', audit: 'child.update' },
  handler: 'functions/children/update.ts',
  uses: ['directory'],
  request: { path: ChildPathSchema, body: UpdateChildSchema },
  responses: { 200: { description: 'The updated child.', json: ChildSchema } },
});

export const closeChild = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/children/{childId}/closure',
  summary: 'Close a case with reason and outcome',
  description: 'Every checkpoint still scheduled is cancelled; history stays.',
  tag: 'Children',
  access: caseManagers,
  scope: { record: 'child', load: 'case', access: 'write', audit: 'child.close' },
  handler: 'functions/children/close.ts',
  request: { path: ChildPathSchema, body: CloseChildSchema },
  responses: { 200: { description: 'The closed child.', json: ChildSchema } },
});

export const reopenChild = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/children/{childId}/reopening',
  summary: 'Reopen a closed case',
  description:
    'The case is active again with a fresh schedule for its risk level from today; its visits, flags and outcome ' +
    'trajectory stay attached, and its closure is kept in `reopenings`. 409 when the case is not closed.',
  tag: 'Children',
  access: caseManagers,
  scope: { record: 'child', load: 'child', access: 'write', audit: 'child.reopen' },
  handler: 'functions/children/reopen.ts',
  request: { path: ChildPathSchema, body: ReopenChildSchema },
  responses: { 200: { description: 'The reopened child.', json: ChildSchema } },
});

export const grantEmergencyAccess = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/children/{childId}/emergency-access',
  summary: 'Break the glass: open a child’s record outside your organisation in an emergency, with a reason',
  description:
    'For supervisors. Access lasts a limited time (default 3 hours), is written to the child’s audit trail with ' +
    'the reason, and raises an `EmergencyAccessGranted` event for review. Without it the record stays 404.',
  tag: 'Children',
  access: ['supervisor'],
  scope: { record: 'child', load: 'child', access: 'breakTheGlass', audit: 'emergency.access' },
  handler: 'functions/children/emergency-access.ts',
  request: { path: ChildPathSchema, body: EmergencyAccessRequestSchema },
  responses: { 201: { description: 'The grant.', json: EmergencyAccessSchema } },
});

export const getAuditTrail = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/children/{childId}/audit',
  summary: 'Every read and write of the child’s data: who, in which role, what, when (read-only)',
  description: 'Oldest first. Records are written with the reads and writes they record and never change.',
  tag: 'Children',
  access: ['supervisor'],
  // Reading the trail is not itself recorded: it shows what was done to the child's data, not who audited it.
  scope: { record: 'child', load: 'child', access: 'read', audit: 'none' },
  handler: 'functions/children/audit.ts',
  request: { path: ChildPathSchema, query: PageQuerySchema },
  responses: { 200: { description: 'One page of the trail.', json: AuditTrailSchema } },
});
