import type { AssessmentPoint } from '../../../lib/domain/assessments';
import type { Child } from '../../../lib/domain/case';
import { DOMAINS, type Domain, type Level, type LevelsByDomain } from '../../../lib/domain/domains';
import type { Flag } from '../../../lib/domain/flags';
import { contributionOf, nextStaleOn, type Freshness } from '../../../lib/domain/outcome-contribution';
import { combine, emptyContribution, type Contribution } from '../../../lib/domain/outcomes';

// Issue 20: outcome rules the mutation survivors showed unguarded (DESIGN.md, Outcomes; v2 "Outcome rules that do
// not flatter").

const ENROLLED_ON = '2025-01-10';
const on = (asOf: string): Freshness => ({ asOf, freshMonths: 6 });
type OutcomeFlag = Pick<Flag, 'type' | 'status' | 'raisedAt' | 'resolution' | 'evidence'>;

const allAt = (level: Level): LevelsByDomain => ({ education: level, housing: level, health: level, vocational_training: level });
const visit = (visitId: string, assessedOn: string, levels: Partial<LevelsByDomain>): AssessmentPoint[] =>
  Object.entries(levels).map(([domain, level]) => ({ domain: domain as Domain, level: level as Level, assessedOn, visitId }));

/** An active child enrolled on ENROLLED_ON with this baseline and these visits; its latest levels follow from them. */
function childWith(baseline: LevelsByDomain, points: readonly AssessmentPoint[]) {
  const latestLevels = Object.fromEntries(
    DOMAINS.map((d) => {
      const last = points.filter((p) => p.domain === d).sort((a, b) => a.assessedOn.localeCompare(b.assessedOn)).at(-1);
      return [d, last ? { level: last.level, assessedOn: last.assessedOn, source: 'visit', visitId: last.visitId } : { level: baseline[d], assessedOn: ENROLLED_ON, source: 'baseline' }];
    }),
  ) as Child['latestLevels'];
  return { baseline, latestLevels, status: 'active' as const, enrolledOn: ENROLLED_ON };
}

const contribution = (baseline: LevelsByDomain, points: AssessmentPoint[], asOf: string, flags: OutcomeFlag[] = []) =>
  contributionOf(childWith(baseline, points), [], flags, points, on(asOf));

const flag = (type: Flag['type'], visitedOn: string): OutcomeFlag => ({ type, status: 'open', raisedAt: `${visitedOn}T10:00:00.000Z`, evidence: { visitedOn } });

describe('sustained reintegration counts the domains that apply to the child', () => {
  const youngChild: LevelsByDomain = { ...allAt('stable'), vocational_training: 'not_applicable' };

  it('a child for whom vocational training does not apply, stable in the other three at enrolment and six months later, is sustained', () => {
    const points = visit('v1', '2025-07-10', { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'not_applicable' });
    const c = contribution(youngChild, points, '2025-07-20');
    expect(c.reintegratedAll).toBe(1);
    expect(c.sustained).toBe(1);
  });

  it('a day on which no domain applied is no day of reintegration', () => {
    const points = visit('v1', '2025-07-10', allAt('stable'));
    expect(contribution(allAt('not_applicable'), points, '2025-07-20').sustained).toBe(0);
  });

  it('the latest assessment is the latest date of any domain, whatever the order of the domains', () => {
    // Education, housing and health were assessed last on 15 July, vocational training on 1 May: the latest day is
    // 15 July, six months after the enrolment on which all four were stable.
    const points = [...visit('v1', '2025-05-01', { vocational_training: 'stable' }), ...visit('v2', '2025-07-15', { education: 'stable', housing: 'stable', health: 'stable' })];
    expect(contribution(allAt('stable'), points, '2025-08-01').sustained).toBe(1);
  });

  it('a regression flag on the latest assessment breaks it (a fall from thriving that still leaves the child stable)', () => {
    const points = visit('v1', '2025-07-10', allAt('stable'));
    const fromThriving: LevelsByDomain = { ...allAt('stable'), health: 'thriving' };
    expect(contribution(fromThriving, points, '2025-07-20').sustained).toBe(1);
    expect(contribution(fromThriving, points, '2025-07-20', [flag('regression', '2025-07-10')]).sustained).toBe(0);
  });

  it('a fall on the earlier assessment itself does not break the pair that starts there', () => {
    const points = [...visit('v1', '2025-02-01', { ...allAt('stable') }), ...visit('v2', '2025-08-01', allAt('stable'))];
    const fromThriving: LevelsByDomain = { ...allAt('stable'), health: 'thriving' };
    expect(contribution(fromThriving, points, '2025-08-10', [flag('regression', '2025-02-01')]).sustained).toBe(1);
  });

  it('only a regression flag breaks it: a persistent-critical or missed-visit flag between the two does not', () => {
    const points = [...visit('v1', '2025-04-01', allAt('stable')), ...visit('v2', '2025-07-10', allAt('stable'))];
    expect(contribution(allAt('stable'), points, '2025-07-20', [flag('persistent_critical', '2025-04-01'), flag('missed_visit', '2025-04-01')]).sustained).toBe(1);
  });
});

describe('the trajectory runs to the latest assessment, whatever order the assessments come in', () => {
  it('points listed out of date order still give a month for every month up to the latest', () => {
    const points = [...visit('v2', '2025-04-10', allAt('stable')), ...visit('v1', '2025-02-10', allAt('stable'))];
    const c = contributionOf(childWith(allAt('at_risk'), points), [], [], points, on('2025-05-01'));
    expect(Object.keys(c.trajectory)).toEqual(['0', '1', '2', '3']);
  });
});

describe('a domain that does not apply never makes a child’s figures change with time', () => {
  it('the next stale day comes from the rated levels only, however old the not_applicable one', () => {
    const latestLevels = {
      education: { level: 'stable', assessedOn: '2025-03-01', source: 'visit' },
      housing: { level: 'stable', assessedOn: '2025-03-01', source: 'visit' },
      health: { level: 'stable', assessedOn: '2025-03-01', source: 'visit' },
      vocational_training: { level: 'not_applicable', assessedOn: '2024-01-01', source: 'baseline' },
    } as Child['latestLevels'];
    expect(nextStaleOn({ latestLevels, status: 'active' }, on('2025-04-01'))).toBe('2025-09-02');
  });
});

describe('a cell is the sum of its children’s contributions, count by count', () => {
  const child = (over: Partial<Contribution>): Contribution => ({ ...emptyContribution(), ...over });

  it('sustained and exited children add up like every other count', () => {
    const sum = combine(child({ children: 1, sustained: 1 }), child({ exited: 1, sustained: 1 }));
    expect([sum.sustained, sum.exited]).toEqual([2, 1]);
    expect(combine(sum, child({ exited: 1 })).exited).toBe(2);
  });

  it('a month of the trajectory stays while any of its counts is not zero, and goes when all are', () => {
    const month = (observed: number, applicable: number, reintegrated: number) => ({
      observed,
      applicable: { education: applicable, housing: 0, health: 0, vocational_training: 0 },
      reintegrated: { education: reintegrated, housing: 0, health: 0, vocational_training: 0 },
    });
    const before = child({ trajectory: { '0': month(1, 1, 1), '1': month(1, 1, 1), '2': month(1, 1, 1), '3': month(1, 0, 0) } });
    const after = child({ trajectory: { '0': month(1, 1, 1), '1': month(1, 0, 1), '2': month(1, 1, 0), '3': month(0, 0, 0) } });
    expect(combine(before, after, -1).trajectory).toEqual({ '1': month(0, 1, 0), '2': month(0, 0, 1), '3': month(1, 0, 0) });
  });
});
