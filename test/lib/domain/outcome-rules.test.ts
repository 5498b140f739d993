import type { Child } from '../../../lib/domain/case';
import { DOMAINS, fallOf, type Level } from '../../../lib/domain/domains';
import type { Flag } from '../../../lib/domain/flags';
import { PERTURBATION_TABLES } from '../../../lib/domain/disclosure/perturbation-table';
import { outcomeReport } from '../../../lib/domain/disclosure/released-figures';
import { contributionOf, nextStaleOn, reportedLevel, type Freshness } from '../../../lib/domain/outcome-contribution';
import { selects, type CellKey } from '../../../lib/domain/outcome-query';
import { emptyContribution, tallyOf } from '../../../lib/domain/outcomes';
import type { AssessmentPoint } from '../../../lib/domain/assessments';

/** Figures counted soon after the latest visit (2025-03-01), when every level is fresh. */
const FRESH: Freshness = { asOf: '2025-06-01', freshMonths: 6 };
const on = (asOf: string): Freshness => ({ asOf, freshMonths: 6 });
type OutcomeFlag = Pick<Flag, 'type' | 'status' | 'raisedAt' | 'resolution' | 'evidence'>;

describe('outcome rules that do not flatter (DESIGN.md v2)', () => {
  const stable = { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'stable' } as const;
  const levelsOf = (levels: typeof stable) =>
    Object.fromEntries(Object.entries(levels).map(([d, level]) => [d, { level, assessedOn: '2025-03-01', source: 'visit' as const }])) as Child['latestLevels'];
  const child = (over: Partial<Child> = {}) => ({ baseline: { ...stable }, latestLevels: levelsOf(stable), status: 'active' as const, enrolledOn: '2025-01-10', ...over });
  const lostContact = [{ type: 'lost_contact' as const, status: 'open' as const, raisedAt: '2025-05-01T00:00:00.000Z', evidence: {} }];

  it('a lost-contact child with stable levels is not reintegrated: in the denominator, its last levels shown, never counted as success', () => {
    const c = contributionOf(child(), [], lostContact, [], FRESH);
    expect(c).toMatchObject({ children: 1, lostToFollowUp: 1, reintegratedAll: 0, reintegrated: { education: 0, housing: 0, health: 0, vocational_training: 0 } });
    expect(c.levels.housing.stable).toBe(1);
  });

  it('a child closed as lost to follow-up is not reintegrated either', () => {
    const closure = { reason: 'lost_to_follow_up', outcome: 'unknown', closedOn: '2025-06-01', closedBy: 'w', closedAt: '2025-06-01T00:00:00.000Z' };
    expect(contributionOf(child({ status: 'closed', closure }), [], [], [], FRESH)).toMatchObject({ children: 1, reintegratedAll: 0 });
  });

  it.each(['deceased', 'moved_abroad'])('a child closed as %s leaves every denominator and is counted apart; the visits it was given still count', (reason) => {
    const closure = { reason, outcome: 'unknown', closedOn: '2025-06-01', closedBy: 'w', closedAt: '2025-06-01T00:00:00.000Z' };
    const c = contributionOf(child({ status: 'closed', closure }), [{ status: 'completed' }, { status: 'missed' }], [], [], FRESH);
    expect(c).toMatchObject({ children: 0, exited: 1, reintegratedAll: 0, regressed: 0, lostToFollowUp: 0, checkpointsInTime: 1, checkpointsDue: 2, trajectory: {} });
    expect(Object.values(c.levels.housing).every((n) => n === 0)).toBe(true);
  });

  it('a child closed for any other reason stays in the denominators, and its closure outcome is counted', () => {
    const closure = { reason: 'reintegrated', outcome: 'partially_reintegrated', closedOn: '2025-06-01', closedBy: 'w', closedAt: '2025-06-01T00:00:00.000Z' };
    expect(contributionOf(child({ status: 'closed', closure }), [], [], [], FRESH)).toMatchObject({
      children: 1,
      exited: 0,
      reintegratedAll: 1,
      closureOutcomes: { reintegrated: 0, partially_reintegrated: 1, not_reintegrated: 0, unknown: 0 },
    });
    expect(Object.values(contributionOf(child(), [], [], [], FRESH).closureOutcomes)).toEqual([0, 0, 0, 0]);
  });

  it('a level assessed 7 months ago is stale at asOf: reported as not_recently_assessed, never reintegrated', () => {
    const c = contributionOf(child(), [], [], [], on('2025-10-01'));
    expect(c.levels.housing).toMatchObject({ stable: 0, not_recently_assessed: 1 });
    expect(c).toMatchObject({ children: 1, reintegratedAll: 0, reintegrated: { education: 0, housing: 0, health: 0, vocational_training: 0 } });
    // Stale is not "not applicable": the domain still counts in its denominator.
    expect(c.applicable).toEqual({ education: 1, housing: 1, health: 1, vocational_training: 1 });
  });

  it('a level counts up to and including the day OUTCOMES_FRESH_MONTHS after it was assessed, and not a day more', () => {
    expect(reportedLevel('stable', '2025-03-01', on('2025-09-01'))).toBe('stable');
    expect(reportedLevel('stable', '2025-03-01', on('2025-09-02'))).toBe('not_recently_assessed');
    expect(reportedLevel('stable', '2025-03-01', { asOf: '2025-05-02', freshMonths: 2 })).toBe('not_recently_assessed');
  });

  it('not_applicable is excluded from "reintegrated in all applicable domains", and never counted as reintegrated alone', () => {
    const young = child({ latestLevels: { ...levelsOf(stable), vocational_training: { level: 'not_applicable', assessedOn: '2025-01-10', source: 'baseline' } } });
    const c = contributionOf(young, [], [], [], FRESH);
    expect(c).toMatchObject({ reintegratedAll: 1, reintegrated: { vocational_training: 0 }, applicable: { vocational_training: 0, housing: 1 } });
    expect(c.levels.vocational_training).toMatchObject({ not_applicable: 1, stable: 0 });
    const nothingApplies = child({
      latestLevels: Object.fromEntries(DOMAINS.map((d) => [d, { level: 'not_applicable', assessedOn: '2025-03-01', source: 'visit' }])) as Child['latestLevels'],
    });
    expect(contributionOf(nothingApplies, [], [], [], FRESH)).toMatchObject({ children: 1, reintegratedAll: 0 });
  });

  it('not_applicable holds until a level is assessed: it does not go stale', () => {
    expect(reportedLevel('not_applicable', '2020-01-01', on('2025-06-01'))).toBe('not_applicable');
  });

  it('going to or from not_applicable is no fall: neither a regression nor a regressed child', () => {
    expect(fallOf('stable', 'not_applicable')).toBe(0);
    expect(fallOf('not_applicable', 'critical')).toBe(0);
    expect(fallOf('thriving', 'at_risk')).toBe(2);
    const c = contributionOf(child({ latestLevels: { ...levelsOf(stable), education: { level: 'not_applicable', assessedOn: '2025-03-01', source: 'visit' } } }), [], [], [], FRESH);
    expect(c.regressed).toBe(0);
  });

  it('a domain share counts among the children the domain applies to', () => {
    const c = emptyContribution();
    c.children = 20;
    for (const d of DOMAINS) {
      c.levels[d].stable = 20;
      c.applicable[d] = 20;
      c.reintegrated[d] = 20;
    }
    c.levels.vocational_training = { ...c.levels.vocational_training, stable: 6, at_risk: 6, not_applicable: 8 };
    c.applicable.vocational_training = 12;
    c.reintegrated.vocational_training = 6;
    const cell: CellKey = { cohort: '2025-Q1', municipalityId: 'skopje', riskLevel: 'low', sex: 'female', ageBand: '15-17' };
    const report = outcomeReport([{ ...cell, ...tallyOf(c, 1) }], {}, { k: 5, table: PERTURBATION_TABLES[0] });
    expect(report.figures.domains.vocational_training.reintegratedShare).toBe(0.5);
  });

  it('a domain share is hidden with its not_applicable count: children × share would give it back', () => {
    const c = emptyContribution();
    c.children = 20;
    for (const d of DOMAINS) {
      c.levels[d].stable = 20;
      c.applicable[d] = 20;
      c.reintegrated[d] = 20;
    }
    c.levels.education = { ...c.levels.education, stable: 18, not_applicable: 2 };
    c.applicable.education = 18;
    c.reintegrated.education = 18;
    const cell: CellKey = { cohort: '2025-Q1', municipalityId: 'skopje', riskLevel: 'low', sex: 'female', ageBand: '15-17' };
    const report = outcomeReport([{ ...cell, ...tallyOf(c, 1) }], {}, { k: 5, table: PERTURBATION_TABLES[0] });
    expect(report.figures.domains.education.levels.not_applicable).toBe('suppressed');
    expect(report.figures.domains.education.reintegratedShare).toBe('suppressed');
  });
});

describe('sustained reintegration (DESIGN.md v2): all applicable domains at two assessments at least six months apart, no regression between', () => {
  const stableAt = (visitId: string, assessedOn: string, level: Level = 'stable'): AssessmentPoint[] => DOMAINS.map((domain) => ({ domain, level, assessedOn, visitId }));
  const baseline = { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'stable' } as const;
  const childWith = (points: readonly AssessmentPoint[]) => {
    const latest = Object.fromEntries(
      DOMAINS.map((d) => {
        const last = points.filter((p) => p.domain === d).at(-1);
        return [d, last ? { level: last.level, assessedOn: last.assessedOn, source: 'visit', visitId: last.visitId } : { level: baseline[d], assessedOn: '2025-01-10', source: 'baseline' }];
      }),
    ) as Child['latestLevels'];
    return { baseline, latestLevels: latest, status: 'active' as const, enrolledOn: '2025-01-10' };
  };
  const regression = (visitedOn: string, over: Partial<OutcomeFlag> = {}): OutcomeFlag => ({
    type: 'regression',
    status: 'open',
    raisedAt: `${visitedOn}T10:00:00.000Z`,
    evidence: { visitedOn },
    ...over,
  });
  const sustained = (points: readonly AssessmentPoint[], flags: readonly OutcomeFlag[] = [], asOf = '2025-08-01') =>
    contributionOf(childWith(points), [], flags, points, on(asOf)).sustained;

  it('stable at enrolment and again six months later is sustained', () => {
    expect(sustained(stableAt('v1', '2025-07-10'))).toBe(1);
  });

  it('two assessments less than six months apart are not', () => {
    expect(sustained(stableAt('v1', '2025-07-09'))).toBe(0);
  });

  it('a regression flag on a visit between the two assessments breaks it', () => {
    const points = [...stableAt('v1', '2025-04-01'), ...stableAt('v2', '2025-07-10')];
    expect(sustained(points, [regression('2025-04-01')])).toBe(0);
    // Resolved by a person, it still was a regression.
    expect(sustained(points, [regression('2025-04-01', { status: 'resolved', resolution: { note: 'ok', at: '2025-04-09T00:00:00.000Z', by: 'w', role: 'social_worker', automatic: false } })])).toBe(0);
  });

  it('a regression flag the system withdrew (a late visit made it no fall) does not break it', () => {
    const withdrawn = regression('2025-04-01', { status: 'resolved', resolution: { note: 'no longer a fall', at: '2025-04-09T00:00:00.000Z', by: 'system', role: 'system', automatic: true } });
    expect(sustained([...stableAt('v1', '2025-04-01'), ...stableAt('v2', '2025-07-10')], [withdrawn])).toBe(1);
  });

  it('a regression before the earlier assessment does not count against a later pair', () => {
    const points = [...stableAt('v1', '2025-03-01', 'at_risk'), ...stableAt('v2', '2025-04-01'), ...stableAt('v3', '2025-10-02')];
    expect(sustained(points, [regression('2025-03-01')], '2025-11-01')).toBe(1);
  });

  it('an earlier day on which one applicable domain was not reintegrated does not count', () => {
    const points = [...stableAt('v1', '2025-02-01', 'at_risk'), ...stableAt('v2', '2025-08-02')];
    const notAtEnrolment = { ...childWith(points), baseline: { ...baseline, housing: 'at_risk' as const } };
    expect(contributionOf(notAtEnrolment, [], [], points, on('2025-08-10')).sustained).toBe(0);
  });

  it('sustained needs reintegration now: once the latest levels are stale, it is not', () => {
    expect(sustained(stableAt('v1', '2025-07-10'), [], '2026-01-11')).toBe(0);
  });

  it('an earlier assessment counts only with its levels fresh on that day', () => {
    // Housing at risk at enrolment; a visit 8 months later finds it stable but assesses nothing else, so the other
    // three domains stand on their 8-month-old baseline that day. Six months later, all four are stable.
    const points: AssessmentPoint[] = [{ domain: 'housing', level: 'stable', assessedOn: '2025-09-10', visitId: 'v1' }, ...stableAt('v2', '2026-03-10')];
    const atRiskAtEnrolment = { ...childWith(points), baseline: { ...baseline, housing: 'at_risk' as const } };
    const c = contributionOf(atRiskAtEnrolment, [], [], points, on('2026-03-20'));
    expect(c.reintegratedAll).toBe(1);
    expect(c.sustained).toBe(0);
  });
});

describe('freshness applied with time alone (the nightly sweep refreshes a child on its stale day)', () => {
  const levels = (assessedOn: Record<string, string>) =>
    Object.fromEntries(DOMAINS.map((d) => [d, { level: 'stable', assessedOn: assessedOn[d] ?? '2025-03-01', source: 'visit' }])) as Child['latestLevels'];
  const active = (latestLevels: Child['latestLevels']) => ({ latestLevels, status: 'active' as const });

  it('the next stale day is the day after the earliest fresh level’s last fresh day', () => {
    expect(nextStaleOn(active(levels({ housing: '2025-02-15' })), FRESH)).toBe('2025-08-16');
  });

  it('a level already stale changes nothing more: the next fresh one decides', () => {
    expect(nextStaleOn(active(levels({ housing: '2024-01-01' })), FRESH)).toBe('2025-09-02');
  });

  it('nothing changes with time for a child whose levels are all stale or not applicable, or who left the programme', () => {
    expect(nextStaleOn(active(levels({})), on('2026-01-01'))).toBeUndefined();
    const closure = { reason: 'deceased', outcome: 'unknown', closedOn: '2025-06-01', closedBy: 'w', closedAt: '2025-06-01T00:00:00.000Z' };
    expect(nextStaleOn({ latestLevels: levels({}), status: 'closed', closure }, FRESH)).toBeUndefined();
  });

  it('the trajectory counts a month as reintegrated only with the level then fresh, among the children the domain applied to', () => {
    const points: AssessmentPoint[] = [
      { domain: 'housing', level: 'stable', assessedOn: '2025-09-10', visitId: 'v1' },
      { domain: 'vocational_training', level: 'not_applicable', assessedOn: '2025-09-10', visitId: 'v1' },
    ];
    const latest = { ...levels({ housing: '2025-09-10' }), vocational_training: { level: 'not_applicable' as const, assessedOn: '2025-09-10', source: 'visit' as const } };
    const c = contributionOf({ baseline: { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'stable' }, latestLevels: latest, status: 'active', enrolledOn: '2025-01-10' }, [], [], points, on('2025-10-01'));
    expect(c.trajectory['6']).toEqual({ observed: 1, applicable: { education: 1, housing: 1, health: 1, vocational_training: 1 }, reintegrated: { education: 1, housing: 1, health: 1, vocational_training: 1 } });
    // Month 7 (2025-08-10): the baseline is seven months old and not yet replaced.
    expect(c.trajectory['7']!.reintegrated).toEqual({ education: 0, housing: 0, health: 0, vocational_training: 0 });
    // Month 8 (2025-09-10): housing assessed again; vocational training no longer applies.
    expect(c.trajectory['8']).toEqual({ observed: 1, applicable: { education: 1, housing: 1, health: 1, vocational_training: 0 }, reintegrated: { education: 0, housing: 1, health: 0, vocational_training: 0 } });
  });
});

describe('filters by sex and age band (DESIGN.md v2)', () => {
  const cell: CellKey = { cohort: '2025-Q1', municipalityId: 'skopje', riskLevel: 'low', sex: 'female', ageBand: '12-14' };

  it('select the cells of that sex and that age band at enrolment', () => {
    expect(selects({ sex: 'female' })(cell)).toBe(true);
    expect(selects({ sex: 'male' })(cell)).toBe(false);
    expect(selects({ ageBand: '12-14', sex: 'female' })(cell)).toBe(true);
    expect(selects({ ageBand: '15-17' })(cell)).toBe(false);
  });
});

describe('plan figures (DESIGN.md v2, "Referrals, consent and the reintegration plan")', () => {
  const stable = { education: 'stable', housing: 'stable', health: 'stable', vocational_training: 'stable' } as const;
  const latestLevels = Object.fromEntries(Object.entries(stable).map(([d, level]) => [d, { level, assessedOn: '2025-03-01', source: 'visit' as const }])) as Child['latestLevels'];
  const child = (over: Partial<Child> = {}) => ({ baseline: { ...stable }, latestLevels, status: 'active' as const, enrolledOn: '2025-01-10', ...over });
  const plan = (reviewOn: string, childParticipated: boolean) => ({ reviewOn, childParticipated });

  it('a child whose plan’s review day has not passed has a current plan; made with the child, it counts as such', () => {
    expect(contributionOf(child(), [], [], [], FRESH, [], plan('2025-06-01', true))).toMatchObject({ children: 1, currentPlan: 1, planWithChild: 1 });
    expect(contributionOf(child(), [], [], [], FRESH, [], plan('2025-09-01', false))).toMatchObject({ currentPlan: 1, planWithChild: 0 });
  });

  it('a plan whose review day has passed is not current, nor is a child without a plan counted as having one', () => {
    expect(contributionOf(child(), [], [], [], FRESH, [], plan('2025-05-31', true))).toMatchObject({ children: 1, currentPlan: 0, planWithChild: 0 });
    expect(contributionOf(child(), [], [], [], FRESH)).toMatchObject({ children: 1, currentPlan: 0, planWithChild: 0 });
  });

  it('a child who left the programme (deceased, moved abroad) is out of the plan figures as of every other share', () => {
    const closure = { reason: 'moved_abroad', outcome: 'unknown', closedOn: '2025-05-01', closedBy: 'w', closedAt: '2025-05-01T00:00:00.000Z' };
    expect(contributionOf(child({ status: 'closed', closure }), [], [], [], FRESH, [], plan('2025-09-01', true))).toMatchObject({ children: 0, currentPlan: 0 });
  });

  it('a current plan stops counting the day after its review day, with time alone: the sweep refreshes the child then', () => {
    const stale = (reviewOn: string) => nextStaleOn(child({ latestLevels: { ...latestLevels, education: { level: 'not_applicable', assessedOn: '2025-03-01', source: 'visit' } } }), on('2025-06-01'), [], plan(reviewOn, true));
    expect(stale('2025-07-15')).toBe('2025-07-16');
    expect(nextStaleOn(child(), FRESH, [], plan('2025-12-01', true))).toBe('2025-09-02');
  });

  it('the shares: children with a current plan among the children, and of those, plans made with the child; hidden below k', () => {
    const cellOf = (planned: number, withChild: number) => {
      const c = emptyContribution();
      c.children = 20;
      c.currentPlan = planned;
      c.planWithChild = withChild;
      const cell: CellKey = { cohort: '2025-Q1', municipalityId: 'skopje', riskLevel: 'low', sex: 'female', ageBand: '15-17' };
      return { ...cell, ...tallyOf(c, 1) };
    };
    const rules = { k: 5, table: PERTURBATION_TABLES[0]! };
    const shown = outcomeReport([cellOf(10, 8)], {}, rules).figures;
    expect([shown.currentPlanShare, shown.planWithChildShare]).toEqual([0.5, 0.8]);
    const few = outcomeReport([cellOf(10, 3)], {}, rules).figures;
    expect(few.planWithChildShare).toBe('suppressed');
    // No child with a current plan: the share over none says nothing, and is null rather than "suppressed".
    const none = outcomeReport([cellOf(0, 0)], {}, rules);
    expect([none.figures.currentPlanShare, none.figures.planWithChildShare]).toEqual([0, null]);
    expect(none.suppressed).not.toContain('planWithChildShare');
  });
});
