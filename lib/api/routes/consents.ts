/** Routes of the table (lib/api/routes/index.ts): What the child or their guardian agreed to. */
import { defineRoute } from '../route';
import { ChildPathSchema } from '../schemas/children';
import { ConsentPathSchema, ConsentSchema, ConsentsSchema, RecordConsentSchema, WithdrawConsentSchema } from '../schemas/consents';
import { caseManagers } from './callers';


export const recordConsent = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/children/{childId}/consents',
  summary: 'Record a consent the child or their guardian gave',
  description:
    'For municipal sharing, referrals outside the organisation, or research; from the day given. A withdrawal later ' +
    'stops it from that moment, and a new consent can be recorded then.',
  tag: 'Consent',
  access: caseManagers,
  scope: { record: 'child', load: 'child', access: 'write', audit: 'consent.record' },
  handler: 'functions/consents/record.ts',
  request: { path: ChildPathSchema, body: RecordConsentSchema },
  responses: { 201: { description: 'The consent recorded.', json: ConsentSchema } },
});

export const withdrawConsent = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/children/{childId}/consents/{consentId}/withdrawal',
  summary: 'Withdraw a consent, from now on',
  description: 'What was done under the consent before stays; anything that needs it from now on needs a new one. 409 when already withdrawn.',
  tag: 'Consent',
  access: caseManagers,
  scope: { record: 'child', load: 'child', access: 'write', audit: 'consent.withdraw' },
  handler: 'functions/consents/withdraw.ts',
  request: { path: ConsentPathSchema, body: WithdrawConsentSchema },
  responses: { 200: { description: 'The consent, withdrawn.', json: ConsentSchema } },
});

export const listConsents = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/children/{childId}/consents',
  summary: 'The consents of a child, in the order they were recorded, withdrawn ones included',
  tag: 'Consent',
  access: caseManagers,
  scope: { record: 'child', load: 'child', access: 'read', audit: 'consents.read' },
  handler: 'functions/consents/list.ts',
  request: { path: ChildPathSchema },
  responses: { 200: { description: 'Every consent of the child.', json: ConsentsSchema } },
});
