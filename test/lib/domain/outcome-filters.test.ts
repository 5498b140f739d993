import { asOfViolations, cohortQuarter, filterViolations, isDemographic, selects, type CellKey } from '../../../lib/domain/outcome-query';

// Issue 20: the filters evaluators choose cohorts and cells by (DESIGN.md, Outcomes; v2 filters).

describe('a child is counted in the quarter of the year it was enrolled in', () => {
  it.each([
    ['2025-01-01', '2025-Q1'],
    ['2025-03-31', '2025-Q1'],
    ['2025-04-01', '2025-Q2'],
    ['2025-06-30', '2025-Q2'],
    ['2025-07-15', '2025-Q3'],
    ['2025-09-30', '2025-Q3'],
    ['2025-10-01', '2025-Q4'],
    ['2026-12-31', '2026-Q4'],
  ])('enrolled on %s: cohort %s', (enrolledOn, cohort) => {
    expect(cohortQuarter(enrolledOn)).toBe(cohort);
  });
});

describe('a filter selects the cells that match every filter it names, and ignores what it does not name', () => {
  const cell: CellKey = { cohort: '2025-Q1', municipalityId: 'skopje', riskLevel: 'high', sex: 'female', ageBand: '12-14' };

  it('no filter selects every cell', () => {
    expect(selects({})(cell)).toBe(true);
  });

  it.each([
    [{ municipalityId: 'skopje' }, true],
    [{ municipalityId: 'bitola' }, false],
    [{ riskLevel: 'high' }, true],
    [{ riskLevel: 'low' }, false],
    [{ municipalityId: 'skopje', riskLevel: 'high' }, true],
    [{ municipalityId: 'skopje', riskLevel: 'medium' }, false],
    [{ municipalityId: 'bitola', riskLevel: 'high' }, false],
    [{ sex: 'female', ageBand: '15-17' }, false],
  ] as const)('%o selects the skopje high-risk cell: %s', (filter, selected) => {
    expect(selects(filter)(cell)).toBe(selected);
  });
});

describe('sex and age band are asked of the programme or of a cohort, never crossed with a municipality or a risk level', () => {
  const MESSAGE = 'cannot be combined with sex or ageBand (figures by sex and age band are for the programme or a cohort)';

  it('a filter by sex or by age band is demographic; one by municipality, risk level or cohort is not', () => {
    expect(isDemographic({ sex: 'male' })).toBe(true);
    expect(isDemographic({ ageBand: '15-17' })).toBe(true);
    expect(isDemographic({ municipalityId: 'skopje', riskLevel: 'low', cohort: '2025' })).toBe(false);
  });

  it('sex or age band with a cohort is allowed', () => {
    expect(filterViolations({ sex: 'female', cohort: '2025-Q1' })).toEqual([]);
    expect(filterViolations({ ageBand: '15-17' })).toEqual([]);
  });

  it('municipality and risk level without sex or age band are allowed', () => {
    expect(filterViolations({ municipalityId: 'skopje', riskLevel: 'high' })).toEqual([]);
  });

  it('sex with a municipality, or age band with a risk level, is refused at the offending parameter', () => {
    expect(filterViolations({ sex: 'female', municipalityId: 'skopje' })).toEqual([{ path: 'query.municipalityId', message: MESSAGE }]);
    expect(filterViolations({ ageBand: '15-17', riskLevel: 'low' })).toEqual([{ path: 'query.riskLevel', message: MESSAGE }]);
    expect(filterViolations({ sex: 'male', municipalityId: 'skopje', riskLevel: 'low' })).toEqual([
      { path: 'query.municipalityId', message: MESSAGE },
      { path: 'query.riskLevel', message: MESSAGE },
    ]);
  });
});

describe('figures exist for today and past days, never for the future', () => {
  it('today and yesterday are allowed; tomorrow is refused', () => {
    expect(asOfViolations('2026-03-01', '2026-03-01')).toEqual([]);
    expect(asOfViolations('2026-02-28', '2026-03-01')).toEqual([]);
    expect(asOfViolations('2026-03-02', '2026-03-01')).toEqual([{ path: 'query.asOf', message: 'must not be in the future' }]);
  });
});
