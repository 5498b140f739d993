import { SUPPRESSED, type DisclosureRules } from '../../../../lib/domain/disclosure/cell-key';
import { PERTURBATION_TABLES } from '../../../../lib/domain/disclosure/perturbation-table';
import { referralReport, type ReferralReport } from '../../../../lib/domain/disclosure/referral-figures';
import { Suppressor } from '../../../../lib/domain/disclosure/suppressor';
import { ALL, type ReferralCounts, type ReferralTable } from '../../../../lib/domain/outcomes-referrals';
import type { ReferralService } from '../../../../lib/domain/referrals';

/**
 * The release of the referral figures (issue 16) from referral tables written directly as counts: k = 5; D = 0 (no
 * noise) unless a test is about the noise.
 */
const S = SUPPRESSED;
const exact: DisclosureRules = { k: 5, table: PERTURBATION_TABLES[0] };
/** D = 1: a cell key (key sum modulo 256) of 0–63 draws −1, 64–191 draws 0, 192–255 draws +1, for any count of 1 or more. */
const noisy: DisclosureRules = { k: 5, table: PERTURBATION_TABLES[1] };
const MINUS_ONE = 10;
const NONE = 100;

/** `n` children, one referral each, all due; `delivered` of them delivered in time after `days` days. */
const counts = (n: number, delivered = n, days = 10): ReferralCounts => ({ children: n, due: n, inTime: delivered, deliveryDays: delivered > 0 ? { [days]: delivered } : {} });

/** Skopje's referrals by service, with the margins counted from the same children (one service each). */
function skopje(byService: Partial<Record<ReferralService, ReferralCounts>>): ReferralTable {
  const all = Object.values(byService).reduce<ReferralCounts>(
    (sum, c) => ({
      children: sum.children + c.children,
      due: sum.due + c.due,
      inTime: sum.inTime + c.inTime,
      deliveryDays: Object.fromEntries(
        [...new Set([...Object.keys(sum.deliveryDays), ...Object.keys(c.deliveryDays)])].map((d) => [d, (sum.deliveryDays[d] ?? 0) + (c.deliveryDays[d] ?? 0)]),
      ),
    }),
    { children: 0, due: 0, inTime: 0, deliveryDays: {} },
  );
  return { skopje: { ...byService, [ALL]: all }, [ALL]: { [ALL]: all } };
}

/** The report of one table, with the names of the figures it hid. */
const report = (contribution: ReferralTable, rules = exact, keys: ReferralTable = {}) => {
  const s = new Suppressor(rules);
  return { ...referralReport([{ contribution, keys }], s, { knownMunicipalities: ['skopje'], withTable: true }), suppressed: s.suppressed };
};
/** The total of one group of referrals, with the names of the figures it hid (no table). */
const totalOf = (group: ReferralCounts, keys: ReferralCounts, rules: DisclosureRules) => {
  const s = new Suppressor(rules);
  const { figures } = referralReport([{ contribution: { [ALL]: { [ALL]: group } }, keys: { [ALL]: { [ALL]: keys } } }], s, { knownMunicipalities: [], withTable: false });
  return { figures, suppressed: s.suppressed };
};
const row = (r: ReferralReport, service: ReferralService) => r.byMunicipalityAndService.find((x) => x.service === service)!;

describe('complementary suppression down each column of the referral table takes the smallest other non-zero row (k = 5)', () => {
  it('referrals due: legal aid (2 children) is hidden, and compensation (6) with it, not psychosocial (9) first in the list', () => {
    const r = report(skopje({ legal_aid: counts(2), psychosocial: counts(9), compensation: counts(6) }));
    expect(r.figures.referrals).toBe(17);
    expect(row(r, 'psychosocial')).toMatchObject({ referrals: 9, deliveredInTimeShare: 1, delivered: 9, medianDaysToDelivery: 10 });
    expect(row(r, 'compensation')).toMatchObject({ referrals: S, deliveredInTimeShare: S, delivered: S, medianDaysToDelivery: S });
    expect(r.suppressed).toEqual(
      expect.arrayContaining(['referrals', 'deliveredInTimeShare', 'delivered', 'medianDaysToDelivery'].map((f) => `referrals.skopje.compensation.${f}`)),
    );
  });

  it('delivered: legal aid’s 2 late deliveries are hidden, and compensation’s 6 with them, not psychosocial’s 9 first in the list', () => {
    // Hiding compensation's row then asks a complement of the referrals column: legal aid (8 due, below psychosocial's 9).
    const lateTwo: ReferralCounts = { children: 8, due: 8, inTime: 0, deliveryDays: { '40': 2 } };
    const r = report(skopje({ legal_aid: lateTwo, psychosocial: counts(9, 9), compensation: counts(7, 6) }));
    expect(r.figures).toMatchObject({ referrals: 24, delivered: 17 });
    expect(row(r, 'compensation')).toMatchObject({ referrals: S, delivered: S, medianDaysToDelivery: S });
    expect(row(r, 'legal_aid')).toMatchObject({ referrals: S, delivered: S, medianDaysToDelivery: S });
    expect(row(r, 'psychosocial')).toMatchObject({ referrals: 9, deliveredInTimeShare: 1, delivered: 9, medianDaysToDelivery: 10 });
  });

  it('delivered in time: legal aid’s share over 2 in time is hidden, and compensation’s (6 in time) with it, not psychosocial’s (9)', () => {
    const late = (n: number, inTime: number): ReferralCounts => ({ children: n, due: n, inTime, deliveryDays: { '40': n - inTime, '10': inTime } });
    const r = report(skopje({ legal_aid: late(9, 2), psychosocial: late(12, 9), compensation: late(12, 6) }));
    expect(row(r, 'legal_aid').deliveredInTimeShare).toBe(S);
    expect(row(r, 'psychosocial').deliveredInTimeShare).toBe(0.75);
    expect(row(r, 'compensation').deliveredInTimeShare).toBe(S);
  });

  it('a row hidden as a complement shows no null either: a median of none would say its delivered count is 0', () => {
    // Legal aid (2 children) is hidden; compensation (6 due, none delivered) is its complement. Had compensation's
    // median stayed null, its delivered would read 0 and legal aid's would follow from the total: 11 − 9 − 0.
    const r = report(skopje({ legal_aid: counts(2), psychosocial: counts(9), compensation: counts(6, 0) }));
    expect(r.figures.delivered).toBe(11);
    expect(row(r, 'compensation')).toEqual({ municipalityId: 'skopje', service: 'compensation', referrals: S, deliveredInTimeShare: S, delivered: S, medianDaysToDelivery: S });
    expect(r.byMunicipalityAndService.filter((x) => x.delivered === S)).toHaveLength(2);
  });

  it('a column whose total is hidden needs no complement', () => {
    // Two children in all were delivered a service: the total delivered is hidden, and so is nothing more.
    const r = report(skopje({ legal_aid: counts(9, 2), psychosocial: counts(9, 0) }));
    expect(r.figures.delivered).toBe(S);
    expect(row(r, 'psychosocial')).toMatchObject({ referrals: 9, delivered: 0 });
  });
});

describe('the figures of a group of referrals, perturbed (k = 5, D = 1)', () => {
  it('a group whose children show as 0 is hidden, however many referrals they have: the referrals of one child are theirs', () => {
    // One child, six referrals due and delivered; the child count draws −1 and reads 0.
    const one: ReferralCounts = { children: 1, due: 6, inTime: 6, deliveryDays: { '10': 6 } };
    const keys: ReferralCounts = { children: MINUS_ONE, due: NONE, inTime: NONE, deliveryDays: { '10': NONE } };
    const r = totalOf(one, keys, noisy);
    expect(r.figures).toEqual({ referrals: S, deliveredInTimeShare: S, delivered: S, medianDaysToDelivery: S });
    expect(r.suppressed).toEqual(['referrals', 'deliveredInTimeShare', 'delivered', 'medianDaysToDelivery'].map((f) => `referrals.figures.${f}`));
  });

  it('one delivered referral shown as 0 gives no median (null), not the days it took', () => {
    const group: ReferralCounts = { children: 6, due: 6, inTime: 1, deliveryDays: { '30': 1 } };
    const keys: ReferralCounts = { children: NONE, due: NONE, inTime: NONE, deliveryDays: { '30': MINUS_ONE } };
    const r = referralReport([{ contribution: { [ALL]: { [ALL]: group } }, keys: { [ALL]: { [ALL]: keys } } }], new Suppressor(noisy), { knownMunicipalities: [], withTable: false });
    expect(r.figures).toMatchObject({ referrals: 6, delivered: 0, medianDaysToDelivery: null });
  });

  it('delivered referrals that together show as 0 give no median (null), though each day’s bin shows one (D = 2)', () => {
    // Two deliveries, each bin's key (100, 160) drawing 0; together (key sum 260, cell key 4) they draw −2 and read 0.
    const group: ReferralCounts = { children: 6, due: 6, inTime: 2, deliveryDays: { '5': 1, '20': 1 } };
    const keys: ReferralCounts = { children: NONE, due: NONE, inTime: NONE, deliveryDays: { '5': 100, '20': 160 } };
    expect(totalOf(group, keys, { k: 5, table: PERTURBATION_TABLES[2] }).figures).toMatchObject({ delivered: 0, medianDaysToDelivery: null });
  });

  it('when every day’s bin draws down to 0 while the deliveries together show, there is no median either: null, never left out', () => {
    // Five deliveries in five bins of one, each drawing −1; together (key sum 100) they draw nothing and show 5.
    const group: ReferralCounts = { children: 6, due: 6, inTime: 5, deliveryDays: { '1': 1, '2': 1, '3': 1, '4': 1, '5': 1 } };
    const keys: ReferralCounts = { children: NONE, due: NONE, inTime: NONE, deliveryDays: { '1': 10, '2': 10, '3': 10, '4': 10, '5': 60 } };
    const { figures } = totalOf(group, keys, noisy);
    expect(figures.delivered).toBe(5);
    expect(figures).toHaveProperty('medianDaysToDelivery', null);
  });

  it('the median days to delivery comes from the histogram with each day’s bin perturbed by its own key', () => {
    // True: 5, 5, 5, 20, 20, 20 (median 12.5). The 5-day bin draws −1 (2), the 20-day bin +1 (4): median 20. The six
    // together (key sum 270, cell key 14) draw −1: five are shown, enough for the median.
    const group: ReferralCounts = { children: 6, due: 6, inTime: 6, deliveryDays: { '5': 3, '20': 3 } };
    const keys: ReferralCounts = { children: NONE, due: NONE, inTime: NONE, deliveryDays: { '5': 50, '20': 220 } };
    const r = referralReport([{ contribution: { [ALL]: { [ALL]: group } }, keys: { [ALL]: { [ALL]: keys } } }], new Suppressor(noisy), { knownMunicipalities: [], withTable: false });
    expect(r.figures).toMatchObject({ delivered: 5, medianDaysToDelivery: 20 });
  });

  it('the delivered referrals behind the median are released from the sum of their keys: hidden below k, the median with them', () => {
    // Five delivered referrals in two bins whose keys sum to 20 (−1): four are shown, below k.
    const group: ReferralCounts = { children: 6, due: 6, inTime: 5, deliveryDays: { '5': 3, '20': 2 } };
    const keys: ReferralCounts = { children: NONE, due: NONE, inTime: NONE, deliveryDays: { '5': 10, '20': 10 } };
    const r = referralReport([{ contribution: { [ALL]: { [ALL]: group } }, keys: { [ALL]: { [ALL]: keys } } }], new Suppressor(noisy), { knownMunicipalities: [], withTable: false });
    expect(r.figures).toMatchObject({ referrals: 6, delivered: S, medianDaysToDelivery: S });
  });
});

describe('the rows of the referral table', () => {
  it('every known municipality and every municipality a referral is counted for, in name order, one row per service', () => {
    const contribution: ReferralTable = { ohrid: { housing: counts(6), [ALL]: counts(6) }, [ALL]: { [ALL]: counts(6) } };
    const r = referralReport([{ contribution, keys: {} }], new Suppressor(exact), { knownMunicipalities: ['skopje', 'bitola'], withTable: true });
    expect([...new Set(r.byMunicipalityAndService.map((x) => x.municipalityId))]).toEqual(['bitola', 'ohrid', 'skopje']);
    expect(r.byMunicipalityAndService.filter((x) => x.municipalityId === 'ohrid')).toHaveLength(10);
    expect(r.byMunicipalityAndService.find((x) => x.municipalityId === 'ohrid' && x.service === 'housing')).toMatchObject({ referrals: 6 });
  });

  it('with a municipality asked, its rows only, and its own margin as the total', () => {
    const contribution: ReferralTable = {
      ohrid: { housing: counts(6), [ALL]: counts(6) },
      skopje: { housing: counts(8), [ALL]: counts(8) },
      [ALL]: { [ALL]: counts(14) },
    };
    const r = referralReport([{ contribution, keys: {} }], new Suppressor(exact), { municipalityId: 'ohrid', knownMunicipalities: ['skopje', 'ohrid'], withTable: true });
    expect(r.figures.referrals).toBe(6);
    expect(new Set(r.byMunicipalityAndService.map((x) => x.municipalityId))).toEqual(new Set(['ohrid']));
  });
});
