import type { Child } from '../../../lib/domain/case';
import { SUPPRESSED } from '../../../lib/domain/disclosure/cell-key';
import { PERTURBATION_TABLES } from '../../../lib/domain/disclosure/perturbation-table';
import { outcomeReport } from '../../../lib/domain/disclosure/released-figures';
import { contributionOf, nextStaleOn, type ReferralOfOutcome } from '../../../lib/domain/outcome-contribution';
import type { CellKey } from '../../../lib/domain/outcome-query';
import { combine, emptyContribution, tallyOf } from '../../../lib/domain/outcomes';
import { ALL, DELIVERY_DAYS_CAP, referralCountsOf } from '../../../lib/domain/outcomes-referrals';

/**
 * The referral figures (issue 16; docs/outcome-definitions.md, "Referrals"): which referrals count in the share
 * delivered by `dueBy`, the days to delivery behind the median, and how both are released.
 */
const ASOF = '2026-07-01';

const referral = (over: Partial<ReferralOfOutcome> = {}): ReferralOfOutcome => ({
  municipalityId: 'skopje',
  service: 'housing',
  status: 'delivered',
  requestedOn: '2026-06-01',
  dueBy: '2026-06-15',
  deliveredOn: '2026-06-10',
  ...over,
});
const pending = (status: 'requested' | 'accepted', dueBy: string) => referral({ status, dueBy, deliveredOn: undefined });
const housing = (referrals: ReferralOfOutcome[], asOf = ASOF) => referralCountsOf(referrals, asOf).skopje?.housing;

describe('which referrals count in "delivered by dueBy"', () => {
  it('a referral delivered on or before its due day counts in the denominator and as in time', () => {
    expect(housing([referral({ deliveredOn: '2026-06-15' })])).toMatchObject({ due: 1, inTime: 1 });
  });

  it('a referral delivered after its due day counts in the denominator but not as in time', () => {
    expect(housing([referral({ deliveredOn: '2026-06-16' })])).toMatchObject({ due: 1, inTime: 0 });
  });

  it('a declined or not delivered referral counts in the denominator, never as in time', () => {
    for (const status of ['declined', 'not_delivered'] as const) {
      expect(housing([referral({ status, deliveredOn: undefined })])).toMatchObject({ due: 1, inTime: 0, deliveryDays: {} });
    }
  });

  it('a pending referral up to and including its due day is in no figure yet', () => {
    expect(referralCountsOf([pending('requested', '2026-07-01'), pending('accepted', '2026-07-20')], ASOF)).toEqual({});
  });

  it('a pending referral past its due day counts in the denominator, not as in time', () => {
    expect(housing([pending('requested', '2026-06-30'), pending('accepted', '2026-06-01')])).toMatchObject({ children: 1, due: 2, inTime: 0 });
  });

  it('a cancelled referral is in no figure, whenever it was due', () => {
    expect(referralCountsOf([referral({ status: 'cancelled', deliveredOn: undefined, dueBy: '2026-01-01' })], ASOF)).toEqual({});
  });
});

describe('days from request to delivery', () => {
  it('every delivered referral is in the histogram, in time or late, by whole days from request to delivery', () => {
    const counts = housing([referral({ deliveredOn: '2026-06-04' }), referral({ deliveredOn: '2026-06-25' }), referral({ deliveredOn: '2026-06-04' })]);
    expect(counts?.deliveryDays).toEqual({ '3': 2, '24': 1 });
  });

  it(`a delivery later than ${DELIVERY_DAYS_CAP} days counts as ${DELIVERY_DAYS_CAP}, so a cell's histogram stays bounded`, () => {
    expect(housing([referral({ requestedOn: '2024-01-01', dueBy: '2024-02-01', deliveredOn: '2026-06-01' })])?.deliveryDays).toEqual({ [DELIVERY_DAYS_CAP]: 1 });
  });
});

describe('groups and margins', () => {
  it('a referral is counted for its own municipality (the service asked), not for the child’s', () => {
    const table = referralCountsOf([referral({ municipalityId: 'bitola' })], ASOF);
    expect(Object.keys(table).sort()).toEqual([ALL, 'bitola']);
  });

  it('a child referred several times counts once among the children of its group and of each margin', () => {
    const table = referralCountsOf(
      [referral(), referral({ deliveredOn: '2026-06-20' }), referral({ service: 'legal_aid' }), referral({ municipalityId: 'bitola' })],
      ASOF,
    );
    expect(table.skopje?.housing).toMatchObject({ children: 1, due: 2, inTime: 1 });
    expect(table.skopje?.[ALL]).toMatchObject({ children: 1, due: 3, inTime: 2 });
    expect(table[ALL]?.[ALL]).toMatchObject({ children: 1, due: 4, inTime: 3 });
  });

  it('a child who left the programme still counts its referrals: the service was owed', () => {
    const exited = { ...child(), status: 'closed' as const, closure: { reason: 'moved_abroad', closedOn: '2026-06-20' } } as Child;
    const c = contributionOf(exited, [], [], [], { asOf: ASOF, freshMonths: 6 }, [referral()]);
    expect(c).toMatchObject({ children: 0, exited: 1 });
    expect(c.referrals.skopje?.housing).toMatchObject({ due: 1, inTime: 1 });
  });

  it('referral counts add and subtract like every count: a child’s change moves its cell by a difference', () => {
    const a = contributionOf(child(), [], [], [], { asOf: ASOF, freshMonths: 6 }, [referral(), pending('accepted', '2026-06-02')]);
    const b = contributionOf(child(), [], [], [], { asOf: ASOF, freshMonths: 6 }, [referral({ municipalityId: 'bitola', service: 'legal_aid' })]);
    expect(combine(combine(a, b), b, -1)).toEqual(a);
    expect(combine(combine(emptyContribution(), a), a, -1)).toEqual(emptyContribution());
  });
});

describe('figures that change with time alone', () => {
  it('the day after a pending referral’s due day the child’s row is counted again (it joins the denominator)', () => {
    const staleLevels = { ...child(), latestLevels: levels('2025-01-01') };
    expect(nextStaleOn(staleLevels, { asOf: ASOF, freshMonths: 6 }, [pending('requested', '2026-07-10'), pending('accepted', '2026-07-05')])).toBe('2026-07-06');
    expect(nextStaleOn(staleLevels, { asOf: ASOF, freshMonths: 6 }, [referral()])).toBeUndefined();
  });

  it('the earlier of a level going stale and a referral falling due wins', () => {
    expect(nextStaleOn(child(), { asOf: ASOF, freshMonths: 6 }, [pending('requested', '2026-12-31')])).toBe('2026-12-11');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Release: the same disclosure control as every count.

const levels = (assessedOn: string) =>
  Object.fromEntries(['education', 'housing', 'health', 'vocational_training'].map((d) => [d, { level: 'stable', assessedOn, source: 'visit' }])) as Child['latestLevels'];
function child(): Pick<Child, 'baseline' | 'latestLevels' | 'status' | 'closure' | 'enrolledOn'> {
  return {
    baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'stable' },
    latestLevels: levels('2026-06-10'),
    status: 'active',
    enrolledOn: '2026-02-01',
  };
}

const cellKey = (municipalityId: string): CellKey => ({ cohort: '2026-Q1', municipalityId, riskLevel: 'medium', sex: 'female', ageBand: '12-14' });

/** One cell per child (so the children add up as cells do), each child with its own record key. */
function cellsOf(children: Array<{ municipalityId?: string; referrals: ReferralOfOutcome[]; key?: number }>) {
  return children.map(({ municipalityId = 'skopje', referrals, key = 0 }, i) => ({
    ...cellKey(municipalityId),
    ...tallyOf(contributionOf(child(), [], [], [], { asOf: ASOF, freshMonths: 6 }, referrals), key || (i * 37 + 11) % 256),
  }));
}
const exact = { k: 5, table: PERTURBATION_TABLES[0] };
const noisy = { k: 5, table: PERTURBATION_TABLES[2] };
const row = (report: ReturnType<typeof outcomeReport>, municipalityId: string, service: string) =>
  report.referrals.byMunicipalityAndService.find((r) => r.municipalityId === municipalityId && r.service === service)!;

describe('releasing the referral figures', () => {
  const twelve = Array.from({ length: 12 }, (_, i) => ({
    // Delivered after 2, 4, … days; the last four late (due 2026-06-15, requested 2026-06-01).
    referrals: [referral({ deliveredOn: `2026-06-${String(3 + i * 2).padStart(2, '0')}` })],
  }));

  it('with k children or more, the share delivered by dueBy and the median days are shown (true values with D = 0)', () => {
    const report = outcomeReport(cellsOf(twelve), {}, exact, ['skopje']);
    // In time up to 2026-06-15: delivered on days 3, 5, …, 15 → 7 of 12; days to delivery 2, 4, …, 24 → median 13.
    expect(report.referrals.figures).toEqual({ referrals: 12, deliveredInTimeShare: 0.583, delivered: 12, medianDaysToDelivery: 13 });
    expect(row(report, 'skopje', 'housing')).toEqual({
      municipalityId: 'skopje',
      service: 'housing',
      referrals: 12,
      deliveredInTimeShare: 0.583,
      delivered: 12,
      medianDaysToDelivery: 13,
    });
    expect(row(report, 'skopje', 'legal_aid')).toMatchObject({ referrals: 0, deliveredInTimeShare: null, delivered: 0, medianDaysToDelivery: null });
  });

  it('the figures of fewer than k children are suppressed, however many referrals they have', () => {
    const oneChildManyReferrals = [{ referrals: Array.from({ length: 10 }, () => referral()) }];
    const report = outcomeReport(cellsOf(oneChildManyReferrals), {}, exact, ['skopje']);
    expect(report.referrals.figures).toEqual({ referrals: SUPPRESSED, deliveredInTimeShare: SUPPRESSED, delivered: SUPPRESSED, medianDaysToDelivery: SUPPRESSED });
    expect(row(report, 'skopje', 'housing')).toMatchObject({ referrals: SUPPRESSED, medianDaysToDelivery: SUPPRESSED });
    expect(report.suppressed).toEqual(expect.arrayContaining(['referrals.figures.medianDaysToDelivery', 'referrals.skopje.housing.referrals']));
    expect(JSON.stringify(report.referrals)).not.toMatch(/\b10\b/);
  });

  it('the median is suppressed when the delivered referrals behind it are fewer than k, while the number due still shows', () => {
    // Eight children, each with one referral past due and not delivered; three with one delivered.
    const children = [
      ...Array.from({ length: 8 }, () => ({ referrals: [pending('accepted', '2026-06-01')] })),
      ...Array.from({ length: 3 }, () => ({ referrals: [referral()] })),
    ];
    const report = outcomeReport(cellsOf(children), {}, exact, ['skopje']);
    expect(report.referrals.figures).toMatchObject({ referrals: 11, delivered: SUPPRESSED, medianDaysToDelivery: SUPPRESSED });
    // 3 in time: the numerator is below k, so the share is hidden with it, as every share is.
    expect(report.referrals.figures.deliveredInTimeShare).toBe(SUPPRESSED);
  });

  it('the municipality filter keeps the referrals counted for that municipality, whichever municipality follows the child', () => {
    const children = Array.from({ length: 6 }, () => ({ municipalityId: 'skopje', referrals: [referral({ municipalityId: 'bitola' })] }));
    const bitola = outcomeReport(cellsOf(children), { municipalityId: 'bitola' }, exact, ['bitola', 'skopje']);
    expect(bitola.referrals.figures).toMatchObject({ referrals: 6, delivered: 6 });
    expect(bitola.referrals.byMunicipalityAndService.map((r) => r.municipalityId)).toEqual(Array(10).fill('bitola'));
    const skopje = outcomeReport(cellsOf(children), { municipalityId: 'skopje' }, exact, ['bitola', 'skopje']);
    expect(skopje.referrals.figures).toMatchObject({ referrals: 0, delivered: 0 });
  });

  it('the table lists every known municipality × every service, referrals or not, so a row appearing places nobody', () => {
    const report = outcomeReport(cellsOf(twelve), {}, exact, ['bitola', 'skopje']);
    expect(report.referrals.byMunicipalityAndService).toHaveLength(20);
  });

  it('an answer by sex or age band has the total only, no table by municipality', () => {
    const report = outcomeReport(cellsOf(twelve), { sex: 'female' }, exact, ['skopje']);
    expect(report.referrals.byMunicipalityAndService).toEqual([]);
    expect(report.referrals.figures.referrals).toBe(12);
  });

  it('the same referrals give the same value in whatever answer they appear (perturbed by their own cell key)', () => {
    const children = [...twelve.map((c) => ({ ...c, municipalityId: 'skopje' })), ...twelve.map((c) => ({ ...c, municipalityId: 'bitola' }))];
    // Children of both municipalities referred to skopje's services only: skopje's row, skopje's answer and the
    // programme's total count the same referrals.
    const all = outcomeReport(cellsOf(children), {}, noisy, ['bitola', 'skopje']);
    const skopje = outcomeReport(cellsOf(children), { municipalityId: 'skopje' }, noisy, ['bitola', 'skopje']);
    const onlyRisk = outcomeReport(cellsOf(children), { riskLevel: 'medium' }, noisy, ['bitola', 'skopje']);
    expect(skopje.referrals.figures).toEqual(all.referrals.figures);
    expect(onlyRisk.referrals).toEqual(all.referrals);
    const { municipalityId: _m, service: _s, ...housingRow } = row(all, 'skopje', 'housing');
    expect(housingRow).toEqual(all.referrals.figures);
    const shown = all.referrals.figures.referrals as number;
    expect(Math.abs(shown - 24)).toBeLessThanOrEqual(2);
  });

  it('complementary suppression: no column of the table has exactly one hidden row beside a shown total', () => {
    const children = [
      ...Array.from({ length: 9 }, () => ({ referrals: [referral()] })),
      ...Array.from({ length: 2 }, () => ({ referrals: [referral({ service: 'legal_aid' })] })),
      ...Array.from({ length: 6 }, () => ({ referrals: [referral({ service: 'education' })] })),
    ];
    const report = outcomeReport(cellsOf(children), {}, exact, ['skopje']);
    expect(report.referrals.figures.referrals).toBe(17);
    expect(row(report, 'skopje', 'legal_aid').referrals).toBe(SUPPRESSED);
    for (const column of ['referrals', 'delivered', 'deliveredInTimeShare'] as const) {
      expect(report.referrals.byMunicipalityAndService.filter((r) => r[column] === SUPPRESSED)).not.toHaveLength(1);
    }
    // The next smallest (education, 6) goes with it, so 17 − 9 is two unknowns, not legal aid's 2.
    expect(row(report, 'skopje', 'education').referrals).toBe(SUPPRESSED);
    expect(row(report, 'skopje', 'housing').referrals).toBe(9);
    expect(new Set(report.suppressed).size).toBe(report.suppressed.length);
  });
});

describe('the worked example of docs/outcome-definitions.md, "Referrals", on 2026-03-01', () => {
  const on = '2026-03-01';
  const r = (municipalityId: string, service: ReferralOfOutcome['service'], requestedOn: string, dueBy: string, status: ReferralOfOutcome['status'], deliveredOn?: string) =>
    referral({ municipalityId, service, requestedOn, dueBy, status, deliveredOn });
  const children: Record<string, ReferralOfOutcome[]> = {
    A: [r('skopje', 'housing', '2026-01-05', '2026-01-31', 'delivered', '2026-01-20'), r('skopje', 'legal_aid', '2026-01-05', '2026-02-15', 'delivered', '2026-02-20')],
    B: [r('skopje', 'housing', '2026-02-01', '2026-02-20', 'accepted')],
    C: [r('skopje', 'psychosocial', '2026-02-10', '2026-03-10', 'requested')],
    D: [r('bitola', 'housing', '2025-12-01', '2025-12-31', 'delivered', '2025-12-11')],
    E: [r('skopje', 'housing', '2026-01-15', '2026-02-15', 'declined')],
    F: [r('skopje', 'health', '2025-09-20', '2025-10-05', 'delivered', '2025-10-01')],
    G: [r('skopje', 'education', '2026-01-10', '2026-02-10', 'cancelled')],
  };
  const cells = Object.values(children).map((referrals, i) => ({
    ...cellKey('skopje'),
    ...tallyOf(contributionOf(child(), [], [], [], { asOf: on, freshMonths: 6 }, referrals), i + 1),
  }));
  // k = 3, the smallest the product accepts, and no noise: the true values, as the document gives them.
  const report = outcomeReport(cells, {}, { k: 3, table: PERTURBATION_TABLES[0] }, ['bitola', 'skopje']);

  it('skopje’s housing: A, B and E due, A in time, A’s 15 days', () => {
    // The true counts: 1 of 3 in time (≈ 0.333), A's 15 days.
    const table = cells.reduce((sum, c) => combine(sum, c.contribution), emptyContribution()).referrals;
    expect(table.skopje?.housing).toEqual({ children: 3, due: 3, inTime: 1, deliveryDays: { '15': 1 } });
    // Released even at k = 3: the 3 due show; the share, the one delivery and its median rest on 1 and are hidden.
    expect(row(report, 'skopje', 'housing')).toMatchObject({ referrals: 3, deliveredInTimeShare: SUPPRESSED, delivered: SUPPRESSED, medianDaysToDelivery: SUPPRESSED });
  });

  it('skopje, every service: five due, two in time, median 15 of 11, 15 and 46 days', () => {
    const table = cells.reduce((sum, c) => combine(sum, c.contribution), emptyContribution()).referrals;
    expect(table.skopje?.[ALL]).toEqual({ children: 4, due: 5, inTime: 2, deliveryDays: { '11': 1, '15': 1, '46': 1 } });
    // Released at k = 3: the share 2 / 5 = 0.4 rests on a numerator of 2 and is hidden; the median of 3 shows.
    expect(outcomeReport(cells, { municipalityId: 'skopje' }, { k: 3, table: PERTURBATION_TABLES[0] }, ['bitola', 'skopje']).referrals.figures).toEqual({
      referrals: 5,
      deliveredInTimeShare: SUPPRESSED,
      delivered: 3,
      medianDaysToDelivery: 15,
    });
  });

  it('the whole answer: six due, three in time, median 13 of 10, 11, 15 and 46 days; bitola’s one referral is D’s', () => {
    expect(report.referrals.figures).toEqual({ referrals: 6, deliveredInTimeShare: 0.5, delivered: 4, medianDaysToDelivery: 13 });
    const table = cells.reduce((sum, c) => combine(sum, c.contribution), emptyContribution()).referrals;
    expect(table.bitola?.housing).toEqual({ children: 1, due: 1, inTime: 1, deliveryDays: { '10': 1 } });
  });

  it('on 2026-03-11, C’s referral (due 2026-03-10, still requested) joins skopje’s denominator, not in time', () => {
    expect(referralCountsOf(children.C!, '2026-03-11').skopje?.psychosocial).toEqual({ children: 1, due: 1, inTime: 0, deliveryDays: {} });
    expect(nextStaleOn({ ...child(), latestLevels: levels('2025-01-01') }, { asOf: on, freshMonths: 6 }, children.C!)).toBe('2026-03-11');
  });
});
