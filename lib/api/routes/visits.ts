/** Routes of the table (lib/api/routes/index.ts): Follow-up visits and the trajectory they make. */
import { defineRoute } from '../route';
import { ChildPathSchema } from '../schemas/children';
import { PageQuerySchema } from '../schemas/common';
import { IdempotencyHeadersSchema, LogVisitSchema, LoggedVisitSchema, TimelineSchema, VisitsSchema } from '../schemas/visits';
import { caseManagers } from './callers';


export const logVisit = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/children/{childId}/visits',
  summary: 'Log a follow-up visit',
  description:
    'Fulfils a checkpoint by the window rule (or the one named), raises regression flags against the ' +
    'previous assessment by date, and writes it all in one transaction. With an `Idempotency-Key` a retry ' +
    'returns the first answer and writes nothing; the same key with another body is refused (422).',
  tag: 'Visits',
  access: caseManagers,
  scope: { record: 'child', load: 'caseSnapshot', access: 'write', audit: 'visit.create' },
  handler: 'functions/visits/log.ts',
  request: { path: ChildPathSchema, headers: IdempotencyHeadersSchema, body: LogVisitSchema },
  responses: { 201: { description: 'The visit and what it changed.', json: LoggedVisitSchema } },
});

export const listVisits = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/children/{childId}/visits',
  summary: 'The visits of a child, newest visit date first',
  tag: 'Visits',
  access: caseManagers,
  scope: { record: 'child', load: 'child', access: 'read', audit: 'visits.read' },
  handler: 'functions/visits/list.ts',
  request: { path: ChildPathSchema, query: PageQuerySchema },
  responses: { 200: { description: 'One page of visits.', json: VisitsSchema } },
});

export const getTimeline = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/children/{childId}/timeline',
  summary: 'The trajectory per domain: every level from the baseline on, by date',
  tag: 'Visits',
  access: caseManagers,
  scope: { record: 'child', load: 'child', access: 'read', audit: 'timeline.read' },
  handler: 'functions/visits/timeline.ts',
  request: { path: ChildPathSchema },
  responses: { 200: { description: 'The timeline.', json: TimelineSchema } },
});
