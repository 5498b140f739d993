/** Routes of the table (lib/api/routes/index.ts): Referrals to a municipal service, from the request to the delivery. */
import { defineRoute } from '../route';
import { ChildPathSchema } from '../schemas/children';
import { AcceptReferralSchema, OfficerReferralsSchema, ReasonSchema, ReferralDeliverySchema, ReferralPathSchema, ReferralQuerySchema, ReferralSchema, ReferralViewSchema, ReferralsSchema, RequestReferralSchema } from '../schemas/referrals';
import { IdempotencyHeadersSchema } from '../schemas/visits';
import { caseManagers, referralParties } from './callers';


export const requestReferral = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/children/{childId}/referrals',
  summary: 'Refer a child to a service',
  description:
    'A provider outside the organisation needs the child’s active referral consent; without it, 409, unless a ' +
    'supervisor overrides with a reason (audited). A municipal service is listed for that municipality’s officers. ' +
    'With an Idempotency-Key a retry answers the first referral and refers nothing twice.',
  tag: 'Referrals',
  access: caseManagers,
  scope: { record: 'child', load: 'childWithFlags', access: 'write', audit: 'referral.request' },
  handler: 'functions/referrals/request.ts',
  request: { path: ChildPathSchema, headers: IdempotencyHeadersSchema, body: RequestReferralSchema },
  responses: { 201: { description: 'The referral, requested.', json: ReferralSchema } },
});

export const listChildReferrals = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/children/{childId}/referrals',
  summary: 'The referrals of a child, oldest first, settled ones included',
  tag: 'Referrals',
  access: caseManagers,
  scope: { record: 'child', load: 'child', access: 'read', audit: 'referral.list' },
  handler: 'functions/referrals/list-of-child.ts',
  request: { path: ChildPathSchema },
  responses: { 200: { description: 'Every referral of the child.', json: ReferralsSchema } },
});

export const listReferrals = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/referrals',
  summary: 'Referrals to my municipality’s services, newest first',
  description: 'For municipal officers: pending (requested or accepted) by default, or settled; the minimal child summary, no names.',
  tag: 'Referrals',
  access: ['municipal_officer'],
  handler: 'functions/referrals/list.ts',
  request: { query: ReferralQuerySchema },
  responses: { 200: { description: 'One page of referrals.', json: OfficerReferralsSchema } },
});

export const getReferral = /* @__PURE__ */ defineRoute({
  method: 'GET',
  path: '/referrals/{referralId}',
  summary: 'One referral, as the caller may see it',
  tag: 'Referrals',
  access: referralParties,
  scope: { record: 'referral', access: 'read', audit: 'referral.read' },
  handler: 'functions/referrals/get.ts',
  request: { path: ReferralPathSchema },
  responses: { 200: { description: 'The referral.', json: ReferralViewSchema } },
});

export const acceptReferral = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/referrals/{referralId}/acceptance',
  summary: 'The provider accepts a referral (requested → accepted)',
  description: 'For a municipal service, its officer; for any other provider, the case’s worker or supervisor records it.',
  tag: 'Referrals',
  access: referralParties,
  scope: { record: 'referral', access: 'write', audit: 'referral.update' },
  handler: 'functions/referrals/accept.ts',
  request: { path: ReferralPathSchema, body: AcceptReferralSchema },
  responses: { 200: { description: 'The referral.', json: ReferralViewSchema } },
});

export const declineReferral = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/referrals/{referralId}/decline',
  summary: 'The provider declines a referral, with a reason (requested → declined)',
  tag: 'Referrals',
  access: referralParties,
  scope: { record: 'referral', access: 'write', audit: 'referral.update' },
  handler: 'functions/referrals/decline.ts',
  request: { path: ReferralPathSchema, body: ReasonSchema },
  responses: { 200: { description: 'The referral.', json: ReferralViewSchema } },
});

export const recordReferralDelivery = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/referrals/{referralId}/delivery',
  summary: 'Whether an accepted referral was delivered (accepted → delivered | not_delivered)',
  tag: 'Referrals',
  access: referralParties,
  scope: { record: 'referral', access: 'write', audit: 'referral.update' },
  handler: 'functions/referrals/delivery.ts',
  request: { path: ReferralPathSchema, body: ReferralDeliverySchema },
  responses: { 200: { description: 'The referral.', json: ReferralViewSchema } },
});

export const cancelReferral = /* @__PURE__ */ defineRoute({
  method: 'POST',
  path: '/referrals/{referralId}/cancellation',
  summary: 'The case’s side cancels a referral not yet settled, with a reason',
  tag: 'Referrals',
  access: caseManagers,
  scope: { record: 'referral', access: 'write', audit: 'referral.update' },
  handler: 'functions/referrals/cancel.ts',
  request: { path: ReferralPathSchema, body: ReasonSchema },
  responses: { 200: { description: 'The referral.', json: ReferralSchema } },
});
