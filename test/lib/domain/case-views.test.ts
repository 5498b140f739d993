import { childSummary } from '../../../lib/domain/case-views';
import { enrolled } from './enrolled-case';

describe('childSummary: all a municipal officer learns about a flagged child', () => {
  it('is the case code, the age band and the latest level per domain: no name, birth date or notes', () => {
    const { child } = enrolled();
    const summary = childSummary(child, '2025-06-01');
    expect(summary).toEqual({
      caseCode: 'SK-2025-0042',
      ageBand: '12-14',
      latestLevels: { education: 'at_risk', housing: 'stable', health: 'stable', vocational_training: 'critical' },
    });
    expect(JSON.stringify(summary)).not.toMatch(/Ana|Petrovska|2012-05-01/);
  });

  it('follow-up continues past 18: the summary shows the adult band', () => {
    const { child } = enrolled();
    expect(childSummary(child, '2030-05-01').ageBand).toBe('18-20');
    expect(childSummary(child, '2030-04-30').ageBand).toBe('15-17');
  });
});
