import { compareAssessments, pointsOf, seriesOf, type AssessmentPoint } from '../../../lib/domain/assessments';

const point = (assessedOn: string, visitId?: string, level: AssessmentPoint['level'] = 'stable'): AssessmentPoint => ({
  domain: 'housing',
  level,
  assessedOn,
  ...(visitId ? { visitId } : {}),
});

describe('the order regression is judged in: by date, the baseline first on its day, then visits in the order logged', () => {
  it('an earlier day comes first, whatever the visit ids', () => {
    expect([point('2026-03-10', '01A'), point('2026-02-10', '01B')].sort(compareAssessments).map((p) => p.assessedOn)).toEqual(['2026-02-10', '2026-03-10']);
  });

  it('on one day the baseline comes before a visit, on either side of the comparison', () => {
    const baseline = point('2026-01-10');
    const visit = point('2026-01-10', '01A');
    expect(compareAssessments(baseline, visit)).toBeLessThan(0);
    expect(compareAssessments(visit, baseline)).toBeGreaterThan(0);
    expect([visit, baseline].sort(compareAssessments)).toEqual([baseline, visit]);
  });

  it('two visits of one day keep the order they were logged in (their ULIDs)', () => {
    expect([point('2026-03-10', '01B'), point('2026-03-10', '01A')].sort(compareAssessments).map((p) => p.visitId)).toEqual(['01A', '01B']);
    expect(compareAssessments(point('2026-03-10', '01A'), point('2026-03-10', '01A'))).toBe(0);
  });
});

describe('the points of a visit and the series of a domain', () => {
  it('a visit gives one point per domain it assessed, with its day and id', () => {
    const visit = { visitId: '01V', visitedOn: '2026-03-10', assessments: { health: { level: 'at_risk' as const }, education: { level: 'thriving' as const } } };
    expect(pointsOf(visit)).toEqual([
      { domain: 'education', level: 'thriving', assessedOn: '2026-03-10', visitId: '01V' },
      { domain: 'health', level: 'at_risk', assessedOn: '2026-03-10', visitId: '01V' },
    ]);
  });

  it('a domain’s series is its baseline on the enrolment day, then its own assessments in judging order', () => {
    const child = { enrolledOn: '2026-01-10', baseline: { education: 'stable', housing: 'critical', health: 'stable', vocational_training: 'at_risk' } as const };
    const points = [point('2026-03-10', '01B', 'at_risk'), { ...point('2026-02-10', '01A'), domain: 'health' as const }, point('2026-01-10', '01A', 'stable')];
    expect(seriesOf(child, points, 'housing')).toEqual([
      { domain: 'housing', level: 'critical', assessedOn: '2026-01-10' },
      point('2026-01-10', '01A', 'stable'),
      point('2026-03-10', '01B', 'at_risk'),
    ]);
  });
});
