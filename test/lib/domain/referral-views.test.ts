import type { Referral } from '../../../lib/domain/referrals';
import { officerReferralView, referralViewFor } from '../../../lib/domain/referral-views';
import { enrolledChild, OFFICER_SUMMARY } from './fixtures';

const child = enrolledChild;
const SUMMARY = OFFICER_SUMMARY;
const WORKER_NOTE = 'The family must not know the address.';
const OWN_REASON = 'No place in the shelter until May.';
const OTHER_REASON = 'Bitola has no shelter.';

/** A referral to skopje's housing service, declined once by another municipality's officer and delivered by skopje's. */
const referral: Referral = {
  referralId: '01JREF',
  childId: 'child-1',
  municipalityId: 'skopje',
  childMunicipalityId: 'skopje',
  domain: 'housing',
  service: 'housing',
  providerKind: 'municipality',
  inHouse: false,
  dueBy: '2026-04-30',
  note: WORKER_NOTE,
  flagId: '01JFLAG',
  status: 'delivered',
  requestedOn: '2026-03-02',
  requestedAt: '2026-03-02T09:00:00.000Z',
  basis: { kind: 'consent', consentId: '01JCONSENT' },
  deliveredOn: '2026-04-20',
  history: [
    { action: 'requested', at: '2026-03-02T09:00:00.000Z', by: 'worker-1', role: 'social_worker', reason: 'worker’s own words' },
    { action: 'declined', at: '2026-03-10T09:00:00.000Z', by: 'officer-b', role: 'municipal_officer', municipalityId: 'bitola', reason: OTHER_REASON },
    { action: 'accepted', at: '2026-03-12T09:00:00.000Z', by: 'officer-s', role: 'municipal_officer', municipalityId: 'skopje', reason: OWN_REASON },
    { action: 'delivered', at: '2026-04-20T09:00:00.000Z', by: 'officer-s', role: 'municipal_officer', municipalityId: 'skopje' },
  ],
  updatedAt: '2026-04-20T09:00:00.000Z',
};

describe('what a municipal officer sees of a referral to their service (DESIGN.md v2)', () => {
  it('what is asked, by when, where it stands, the organisation, the month of each event and the minimal child summary', () => {
    expect(officerReferralView(referral, child, '2026-05-01')).toEqual({
      referralId: '01JREF',
      municipalityId: 'skopje',
      organisationId: 'org-1',
      domain: 'housing',
      service: 'housing',
      status: 'delivered',
      dueBy: '2026-04-30',
      deliveredOn: '2026-04-20',
      requestedIn: '2026-03',
      history: [
        { action: 'requested', in: '2026-03', role: 'social_worker' },
        { action: 'declined', in: '2026-03', role: 'municipal_officer' },
        { action: 'accepted', in: '2026-03', role: 'municipal_officer', reason: OWN_REASON },
        { action: 'delivered', in: '2026-04', role: 'municipal_officer' },
      ],
      child: SUMMARY,
    });
  });

  it('no staff id, no record id but the referral’s, and no words but the municipality’s own reasons', () => {
    const json = JSON.stringify(officerReferralView(referral, child, '2026-05-01'));
    for (const hidden of ['worker-1', 'officer-s', 'officer-b', 'child-1', '01JFLAG', '01JCONSENT', '2026-03-02', WORKER_NOTE, OTHER_REASON, 'worker’s own words']) {
      expect(json).not.toContain(hidden);
    }
  });

  it('an event with no reason shows none, and only an officer’s reason is read by their municipality', () => {
    const view = officerReferralView(
      { ...referral, history: [...referral.history, { action: 'cancelled', at: '2026-04-21T09:00:00.000Z', by: 'worker-1', role: 'social_worker', municipalityId: 'skopje', reason: WORKER_NOTE }] },
      child,
      '2026-05-01',
    );
    expect(view.history[3]).not.toHaveProperty('reason');
    expect(view.history[4]).toEqual({ action: 'cancelled', in: '2026-04', role: 'social_worker' });
  });

  it('a referral not delivered has no delivery day', () => {
    const requested: Referral = { ...referral, status: 'requested', history: referral.history.slice(0, 1) };
    delete requested.deliveredOn;
    expect(officerReferralView(requested, child, '2026-05-01')).not.toHaveProperty('deliveredOn');
  });

  it('once the child or guardian withdrew municipal sharing, the officer sees the referral alone, nothing of the child', () => {
    const view = officerReferralView(referral, { ...child, municipalSharingWithdrawn: true }, '2026-05-01');
    expect(view).not.toHaveProperty('child');
    expect(JSON.stringify(view)).not.toContain('SK-2026-0011');
  });
});

describe('the referral as each role reads it', () => {
  it('a worker reads the whole referral; an officer the officer’s view', () => {
    expect(referralViewFor({ role: 'social_worker' }, referral, child, '2026-05-01')).toBe(referral);
    expect(referralViewFor({ role: 'municipal_officer' }, referral, child, '2026-05-01')).toEqual(officerReferralView(referral, child, '2026-05-01'));
  });
});
