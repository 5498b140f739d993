import { enrol } from '../../../lib/domain/enrolment';
import { childAfterConsents, consentViolations, hasActiveConsent, municipalSharingWithdrawn, recordConsent, withdrawConsent, withdrawalConflict, type Consent } from '../../../lib/domain/consent';
import { DEFAULT_POLICY } from '../../../lib/domain/schedule';
import { clock, enrolmentInput } from './fixtures';

const stamp = (at: string) => ({ at, newId: () => '01J00000000000000000000001', policy: DEFAULT_POLICY });
const worker = { by: 'worker-1', role: 'social_worker' };
const child = { childId: 'c1', birthDate: '2012-05-01' };
const given = (over: Partial<Consent> = {}): Consent => ({
  ...recordConsent(child, { scope: 'referral', givenBy: 'guardian', givenOn: '2026-03-01' }, worker, stamp('2026-03-02T09:00:00.000Z')),
  ...over,
});

describe('consent (DESIGN.md v2, "Referrals, consent and the reintegration plan")', () => {
  it('is recorded with who gave it, on which day, and who recorded it when', () => {
    expect(given()).toEqual({
      consentId: '01J00000000000000000000001',
      childId: 'c1',
      scope: 'referral',
      givenBy: 'guardian',
      givenOn: '2026-03-01',
      recordedBy: 'worker-1',
      recordedRole: 'social_worker',
      recordedAt: '2026-03-02T09:00:00.000Z',
    });
  });

  it('cannot be given in the future, nor before the child was born', () => {
    const at = (givenOn: string) => consentViolations({ scope: 'referral', givenBy: 'child', givenOn }, child, '2026-06-20');
    expect(at('2026-06-20')).toEqual([]);
    expect(at('2012-05-01')).toEqual([]);
    expect(at('2026-06-21')).toEqual([{ path: 'body.givenOn', message: 'must not be in the future' }]);
    expect(at('2012-04-30')).toEqual([{ path: 'body.givenOn', message: "must not be before the child's birth" }]);
  });

  it('applies from the day it was given, to its own scope only', () => {
    const consents = [given()];
    expect(hasActiveConsent(consents, 'referral', { day: '2026-03-01', at: '2026-03-01T10:00:00.000Z' })).toBe(true);
    expect(hasActiveConsent(consents, 'referral', { day: '2026-02-28', at: '2026-02-28T10:00:00.000Z' })).toBe(false);
    expect(hasActiveConsent(consents, 'municipal_sharing', { day: '2026-03-05', at: '2026-03-05T10:00:00.000Z' })).toBe(false);
  });

  it('withdrawn, it stops applying from the moment the withdrawal was recorded, not before', () => {
    const withdrawn = withdrawConsent(given(), 'The guardian changed her mind.', worker, stamp('2026-04-10T12:00:00.000Z'));
    expect(withdrawn.withdrawal).toEqual({ by: 'worker-1', role: 'social_worker', at: '2026-04-10T12:00:00.000Z', reason: 'The guardian changed her mind.' });
    expect(hasActiveConsent([withdrawn], 'referral', { day: '2026-04-10', at: '2026-04-10T11:59:59.999Z' })).toBe(true);
    expect(hasActiveConsent([withdrawn], 'referral', { day: '2026-04-10', at: '2026-04-10T12:00:00.000Z' })).toBe(false);
  });

  it('a new consent after a withdrawal applies again', () => {
    const withdrawn = withdrawConsent(given(), undefined, worker, stamp('2026-04-10T12:00:00.000Z'));
    const again = given({ consentId: '01J00000000000000000000002', givenOn: '2026-05-01' });
    expect(hasActiveConsent([withdrawn, again], 'referral', { day: '2026-05-01', at: '2026-05-01T08:00:00.000Z' })).toBe(true);
    expect(hasActiveConsent([withdrawn, again], 'referral', { day: '2026-04-20', at: '2026-04-20T08:00:00.000Z' })).toBe(false);
  });

  it('is withdrawn once: a second withdrawal is a conflict, which keeps the moment it stopped', () => {
    expect(withdrawalConflict(given())).toBeUndefined();
    expect(withdrawalConflict(withdrawConsent(given(), undefined, worker, stamp('2026-04-10T12:00:00.000Z')))).toMatch(/already withdrawn at 2026-04-10T12:00:00.000Z/);
  });
});

describe('municipal sharing withdrawn (what officers see of the child)', () => {
  const now = { day: '2026-06-20', at: '2026-06-20T09:00:00.000Z' };
  const sharing = (over: Partial<Consent> = {}) => given({ scope: 'municipal_sharing', ...over });
  const withdrawal = { by: 'worker-1', role: 'social_worker', at: '2026-06-10T09:00:00.000Z' };

  it('a child who never gave nor withdrew municipal sharing is shared, as the programme’s routing requires', () => {
    expect(municipalSharingWithdrawn([], now)).toBe(false);
    expect(municipalSharingWithdrawn([given()], now)).toBe(false);
  });

  it('a withdrawn municipal sharing consent, with none other applying, stands withdrawn', () => {
    expect(municipalSharingWithdrawn([sharing({ withdrawal })], now)).toBe(true);
  });

  it('given again, it no longer stands withdrawn; a withdrawal of another scope changes nothing', () => {
    expect(municipalSharingWithdrawn([sharing({ withdrawal }), sharing({ consentId: 'again', givenOn: '2026-06-15' })], now)).toBe(false);
    expect(municipalSharingWithdrawn([given({ withdrawal })], now)).toBe(false);
  });
});

describe('the child as officers may see it after a change of its consents', () => {
  const { child: enrolled } = enrol({ ...enrolmentInput, childId: 'c1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' }, clock('2026-01-10T08:00:00.000Z')());
  const now = { day: '2026-06-20', at: '2026-06-20T09:00:00.000Z' };
  const sharing = given({ scope: 'municipal_sharing' });
  const withdrawn = withdrawConsent(sharing, undefined, worker, stamp('2026-06-10T09:00:00.000Z'));

  it('withdrawing municipal sharing marks the child, as a new version of it, at that moment', () => {
    expect(childAfterConsents(enrolled, [withdrawn], now)).toEqual({ ...enrolled, municipalSharingWithdrawn: true, version: enrolled.version + 1, updatedAt: now.at });
  });

  it('given again, the mark goes, as a new version', () => {
    const marked = { ...enrolled, municipalSharingWithdrawn: true, version: 4 };
    const again = given({ scope: 'municipal_sharing', consentId: 'again', givenOn: '2026-06-15' });
    const after = childAfterConsents(marked, [withdrawn, again], now);
    expect(after).toEqual({ ...enrolled, version: 5, updatedAt: now.at });
    expect(after).not.toHaveProperty('municipalSharingWithdrawn');
  });

  it('a change that leaves sharing as it stood changes nothing of the child', () => {
    expect(childAfterConsents(enrolled, [sharing], now)).toBeUndefined();
    expect(childAfterConsents({ ...enrolled, municipalSharingWithdrawn: true }, [withdrawn], now)).toBeUndefined();
  });
});
