import {
  ALL,
  combineReferrals,
  deliveryDaysOf,
  isCountedDue,
  isDeliveredInTime,
  referralCountsOf,
  referralStaleOn,
  type ReferralCounts,
  type ReferralTable,
} from '../../../lib/domain/outcomes-referrals';

/** The referral counts a child adds to its cell (lib/domain/outcomes-referrals.ts; docs/outcome-definitions.md, "Referrals"). */
const ASOF = '2026-07-01';

describe('the day a child’s referral figures change with time alone', () => {
  it('a pending referral due today joins the denominator tomorrow', () => {
    expect(referralStaleOn([{ status: 'requested', dueBy: ASOF }], ASOF)).toBe('2026-07-02');
  });

  it('the earliest pending due day still to come decides; one already past due has joined, and a settled one never moves', () => {
    const referrals = [
      { status: 'accepted', dueBy: '2026-06-30' },
      { status: 'delivered', dueBy: '2026-07-03' },
      { status: 'requested', dueBy: '2026-07-20' },
      { status: 'accepted', dueBy: '2026-07-09' },
      { status: 'requested', dueBy: '2026-07-15' },
    ] as const;
    expect(referralStaleOn(referrals, ASOF)).toBe('2026-07-10');
  });

  it('with no pending referral still in time, nothing changes with time', () => {
    expect(referralStaleOn([{ status: 'declined', dueBy: '2026-08-01' }, { status: 'cancelled', dueBy: '2026-08-01' }], ASOF)).toBeUndefined();
  });
});

describe('delivery', () => {
  it('on the due day is in time; the day after is not; delivered with no delivery day is not', () => {
    expect(isDeliveredInTime({ status: 'delivered', deliveredOn: '2026-06-15', dueBy: '2026-06-15' })).toBe(true);
    expect(isDeliveredInTime({ status: 'delivered', deliveredOn: '2026-06-16', dueBy: '2026-06-15' })).toBe(false);
    expect(isDeliveredInTime({ status: 'delivered', dueBy: '2026-06-15' })).toBe(false);
    expect(isDeliveredInTime({ status: 'not_delivered', deliveredOn: '2026-06-10', dueBy: '2026-06-15' })).toBe(false);
  });

  it('whole days from request to delivery, never below 0; none for a referral not delivered', () => {
    expect(deliveryDaysOf({ status: 'delivered', requestedOn: '2026-06-01', deliveredOn: '2026-06-01' })).toBe(0);
    expect(deliveryDaysOf({ status: 'delivered', requestedOn: '2026-06-05', deliveredOn: '2026-06-01' })).toBe(0);
    expect(deliveryDaysOf({ status: 'delivered', requestedOn: '2026-06-01' })).toBeUndefined();
    expect(deliveryDaysOf({ status: 'declined', requestedOn: '2026-06-01', deliveredOn: '2026-06-09' })).toBeUndefined();
  });

  it('a pending referral counts due only after its due day; a settled one always; a cancelled one never', () => {
    expect(isCountedDue({ status: 'requested', dueBy: ASOF }, ASOF)).toBe(false);
    expect(isCountedDue({ status: 'accepted', dueBy: '2026-06-30' }, ASOF)).toBe(true);
    expect(isCountedDue({ status: 'not_delivered', dueBy: '2026-08-01' }, ASOF)).toBe(true);
    expect(isCountedDue({ status: 'cancelled', dueBy: '2026-01-01' }, ASOF)).toBe(false);
  });
});

describe('referral tables add and subtract count by count', () => {
  const one = referralCountsOf([{ municipalityId: 'skopje', service: 'housing', status: 'delivered', dueBy: '2026-06-15', requestedOn: '2026-06-01', deliveredOn: '2026-06-04' }], ASOF);
  const other = referralCountsOf([{ municipalityId: 'bitola', service: 'legal_aid', status: 'accepted', dueBy: '2026-06-10', requestedOn: '2026-06-01' }], ASOF);

  it('a child’s delivered referral: its group, its municipality’s margin and the whole margin, each with the child once', () => {
    const counts = { children: 1, due: 1, inTime: 1, deliveryDays: { '3': 1 } };
    expect(one).toEqual({ skopje: { housing: counts, [ALL]: counts }, [ALL]: { [ALL]: counts } });
  });

  it('adding two children’s tables sums the groups they share and keeps the others', () => {
    const sum = combineReferrals(one, other);
    expect(sum[ALL]![ALL]).toEqual({ children: 2, due: 2, inTime: 1, deliveryDays: { '3': 1 } });
    expect(sum.skopje).toEqual(one.skopje);
    expect(sum.bitola).toEqual(other.bitola);
  });

  it('taking a child away leaves out the groups and the day bins that come to zero', () => {
    const both = combineReferrals(one, other);
    expect(combineReferrals(both, other, -1)).toEqual(one);
    expect(combineReferrals(both, combineReferrals(one, other), -1)).toEqual({});
    const twoDays: ReferralTable = combineReferrals(one, referralCountsOf([{ municipalityId: 'skopje', service: 'housing', status: 'delivered', dueBy: '2026-06-15', requestedOn: '2026-06-01', deliveredOn: '2026-06-09' }], ASOF));
    expect(combineReferrals(twoDays, one, -1).skopje!.housing!.deliveryDays).toEqual({ '8': 1 });
  });

  it('a group is left out only when every count in it comes to zero', () => {
    const only = (counts: Partial<ReferralCounts>): ReferralTable => ({ skopje: { housing: { children: 0, due: 0, inTime: 0, deliveryDays: {}, ...counts } } });
    for (const counts of [{ children: 1 }, { due: 1 }, { inTime: -1 }, { deliveryDays: { '3': 1 } }]) {
      expect(combineReferrals(only(counts))).toEqual(only(counts));
    }
    expect(combineReferrals(only({}))).toEqual({});
  });

  it('no table is the empty table, on either side', () => {
    expect(combineReferrals(undefined, one)).toEqual(one);
    expect(combineReferrals(one)).toEqual(one);
  });
});
