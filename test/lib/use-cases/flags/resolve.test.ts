import type { Referral } from '../../../../lib/domain/referrals';
import { answeringReferralViolations } from '../../../../lib/use-cases/flags/resolve';

const referral = { referralId: 'referral-1' } as Referral;

describe('a resolution may name the referral that answered the flag', () => {
  it.each(['regression', 'concern'] as const)('a %s is answered by a referral the caller sees', (type) => {
    expect(answeringReferralViolations({ type })).toEqual([]);
    expect(answeringReferralViolations({ type }, { found: referral, visible: true })).toEqual([]);
  });

  it.each(['missed_visit', 'lost_contact', 'persistent_critical', 'referral_overdue'] as const)(
    'a %s is never answered by a referral (400), before any referral is read',
    (type) => {
      expect(answeringReferralViolations({ type })).toEqual([{ path: 'body.referralId', message: 'only a regression or a concern is answered by a referral' }]);
    },
  );

  it('a referral that does not exist, and one the caller may not see, are refused alike: its existence is not confirmed', () => {
    const none = answeringReferralViolations({ type: 'concern' }, { found: undefined, visible: false });
    const unseen = answeringReferralViolations({ type: 'concern' }, { found: referral, visible: false });
    expect(none).toEqual([{ path: 'body.referralId', message: 'names no referral of this child' }]);
    expect(unseen).toEqual(none);
  });
});
