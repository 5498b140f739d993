import type { LevelsByDomain } from '../../../lib/domain/domains';
import { acknowledge, resolve } from '../../../lib/domain/flag-transitions';
import { flagSubject, raisedOneStep, regressionSeverity, type Severity } from '../../../lib/domain/flags';
import { escalate } from '../../../lib/domain/sweep';
import { judgeRegressions } from '../../../lib/domain/regression';
import { planVisit } from '../../../lib/domain/visit-plan';
import type { VisitInput } from '../../../lib/domain/visits';
import { ENROLLED_ON, caseLog, inScope, visitOn } from './fixtures';

const PERSON = { by: 'officer-1', role: 'municipal_officer' };

describe('regressionSeverity: a fall to critical or of two levels or more is high, any other fall medium', () => {
  it.each([
    ['stable', 'at_risk', 'medium'],
    ['thriving', 'stable', 'medium'],
    ['at_risk', 'critical', 'high'],
    ['thriving', 'at_risk', 'high'],
    ['stable', 'critical', 'high'],
    ['thriving', 'critical', 'high'],
  ] as const)('a fall from %s to %s is %s', (from, to, severity) => {
    expect(regressionSeverity(from, to)).toBe(severity);
  });
});

describe('raisedOneStep: severity goes up one step, high stays high', () => {
  it.each([
    ['low', 'medium'],
    ['medium', 'high'],
    ['high', 'high'],
  ] as const)('%s becomes %s', (from, to) => {
    expect(raisedOneStep(from)).toBe(to);
  });
});

describe('regression: a level lower than at the previous assessment of the domain raises a flag', () => {
  it.each([
    ['one level, not to critical, is medium', 'stable', 'at_risk', 'medium'],
    ['one level, not to critical, is medium', 'thriving', 'stable', 'medium'],
    ['a fall to critical is high', 'at_risk', 'critical', 'high'],
    ['two levels or more is high', 'thriving', 'at_risk', 'high'],
  ] as const)('a fall of %s (%s → %s)', (_rule, from, to, severity) => {
    const log = caseLog({ education: from });
    const first = log.log(visitOn('2026-02-01', { education: from }));
    const plan = log.log(visitOn('2026-03-01', { education: to }));
    expect(first.raised).toEqual([]);
    expect(plan.raised).toHaveLength(1);
    expect(plan.raised[0]).toMatchObject({
      subject: flagSubject.regression(plan.visit.visitId, 'education'),
      type: 'regression',
      domain: 'education',
      severity: severity satisfies Severity,
      status: 'open',
      childId: 'child-1',
      municipalityId: 'skopje',
      evidence: {
        visitId: plan.visit.visitId,
        visitedOn: '2026-03-01',
        fromLevel: from,
        toLevel: to,
        fromVisitId: first.visit.visitId,
        fromAssessedOn: '2026-02-01',
      },
    });
  });

  it.each([
    ['the same level', 'stable', 'stable'],
    ['a higher level', 'at_risk', 'thriving'],
  ] as const)('%s raises no flag (%s → %s)', (_rule, from, to) => {
    const log = caseLog({ education: from });
    log.log(visitOn('2026-02-01', { education: from }));
    const plan = log.log(visitOn('2026-03-01', { education: to }));
    expect(plan.raised).toEqual([]);
    expect(plan.changed).toEqual([]);
  });

  it('each domain is judged on its own: one flag per domain that fell', () => {
    const log = caseLog();
    const plan = log.log(visitOn('2026-02-01', { education: 'critical', housing: 'stable', health: 'at_risk' }));
    expect(plan.raised.map((f) => [f.domain, f.severity])).toEqual([
      ['education', 'high'],
      ['health', 'medium'],
    ]);
  });
});

describe('the baseline is the first assessment of every domain', () => {
  it('a first visit lower than the baseline raises a flag from the baseline: evidence without fromVisitId', () => {
    const log = caseLog({ housing: 'thriving' });
    const plan = log.log(visitOn('2026-02-01', { housing: 'stable' }));
    expect(plan.raised).toHaveLength(1);
    expect(plan.raised[0]!.severity).toBe('medium');
    expect(plan.raised[0]!.evidence).toEqual({
      visitId: plan.visit.visitId,
      visitedOn: '2026-02-01',
      fromLevel: 'thriving',
      toLevel: 'stable',
      fromAssessedOn: ENROLLED_ON,
    });
  });

  it('a domain the visit does not assess is not judged, however low its baseline compared with the visit date', () => {
    const log = caseLog({ vocational_training: 'thriving' });
    expect(log.log(visitOn('2026-02-01', { education: 'stable' })).raised).toEqual([]);
  });
});

describe('out-of-order visits: a late visit is judged against its predecessor by date, and its successor again against it', () => {
  it('a visit arriving BEFORE all others: its successor, now a drop from it, gets a new flag', () => {
    const log = caseLog({ education: 'stable' });
    const later = log.log(visitOn('2026-03-01', { education: 'stable' }));
    expect(later.raised).toEqual([]);
    const earlier = log.log(visitOn('2026-02-01', { education: 'thriving' }));
    expect(earlier.raised.map((f) => [f.subject, f.severity, f.evidence.fromLevel, f.evidence.toLevel, f.evidence.fromVisitId])).toEqual([
      [flagSubject.regression(later.visit.visitId, 'education'), 'medium', 'thriving', 'stable', earlier.visit.visitId],
    ]);
    expect(earlier.changed).toEqual([]);
  });

  it('a visit arriving BEFORE all others is itself judged against the baseline', () => {
    const log = caseLog({ education: 'thriving' });
    log.log(visitOn('2026-03-01', { education: 'thriving' }));
    const earlier = log.log(visitOn('2026-02-01', { education: 'at_risk' }));
    const [own] = earlier.raised.filter((f) => f.evidence.visitId === earlier.visit.visitId);
    expect(own?.evidence).toEqual({
      visitId: earlier.visit.visitId,
      visitedOn: '2026-02-01',
      fromLevel: 'thriving',
      toLevel: 'at_risk',
      fromAssessedOn: ENROLLED_ON,
    });
    expect(own?.severity).toBe('high');
  });

  it('a visit arriving BETWEEN two: judged against the earlier; the later one, no longer a drop, has its flag resolved automatically', () => {
    const log = caseLog({ education: 'stable' });
    const v1 = log.log(visitOn('2026-02-01', { education: 'stable' }));
    const v3 = log.log(visitOn('2026-04-01', { education: 'at_risk' }));
    const v3Flag = log.flagOf(v3.visit.visitId, 'education');
    const stamp = log.stamp();
    const v2 = planVisit(log.snapshot, visitOn('2026-03-01', { education: 'at_risk' }), 'worker-1', stamp);

    expect(v2.raised.map((f) => [f.subject, f.severity, f.evidence.fromVisitId, f.evidence.fromLevel, f.evidence.toLevel])).toEqual([
      [flagSubject.regression(v2.visit.visitId, 'education'), 'medium', v1.visit.visitId, 'stable', 'at_risk'],
    ]);
    const note = 'no longer a fall: an assessment of 2026-03-01 logged later now precedes this visit at at_risk';
    expect(v2.changed).toEqual([
      {
        flag: {
          ...v3Flag,
          status: 'resolved',
          resolution: { note, at: stamp.at, by: 'system', role: 'system', automatic: true },
          history: [...v3Flag.history, { action: 'resolved', at: stamp.at, by: 'system', role: 'system', note }],
          updatedAt: stamp.at,
        },
        updatedAtRead: v3Flag.updatedAt,
      },
    ]);
  });

  it('a visit arriving BETWEEN two: the later one, still a drop, has its flag re-stated with evidence from its new predecessor', () => {
    const log = caseLog({ education: 'thriving' });
    const v3 = log.log(visitOn('2026-04-01', { education: 'at_risk' }));
    const v3Flag = log.flagOf(v3.visit.visitId, 'education');
    expect([v3Flag.severity, v3Flag.evidence.fromLevel]).toEqual(['high', 'thriving']);
    const stamp = log.stamp();
    const v2 = planVisit(log.snapshot, visitOn('2026-03-01', { education: 'stable' }), 'worker-1', stamp);

    expect(v2.raised.map((f) => [f.evidence.visitId, f.severity, f.evidence.fromLevel])).toEqual([[v2.visit.visitId, 'medium', 'thriving']]);
    expect(v2.changed).toHaveLength(1);
    const { flag, updatedAtRead } = v2.changed[0]!;
    expect(updatedAtRead).toBe(v3Flag.updatedAt);
    expect(flag).toEqual({
      ...v3Flag,
      severity: 'medium',
      evidence: {
        visitId: v3.visit.visitId,
        visitedOn: '2026-04-01',
        fromLevel: 'stable',
        toLevel: 'at_risk',
        fromVisitId: v2.visit.visitId,
        fromAssessedOn: '2026-03-01',
      },
      history: [
        ...v3Flag.history,
        { action: 'rejudged', at: stamp.at, by: 'system', role: 'system', note: 'an assessment of 2026-03-01 logged later now precedes this visit' },
      ],
      updatedAt: stamp.at,
    });
  });

  it('a re-stated flag keeps its status: an acknowledged one stays acknowledged', () => {
    const log = caseLog({ education: 'thriving' });
    const v3 = log.log(visitOn('2026-04-01', { education: 'at_risk' }));
    log.update(acknowledge(inScope(log.flagOf(v3.visit.visitId, 'education')), PERSON, undefined, log.stamp()).flag);
    const v2 = log.log(visitOn('2026-03-01', { education: 'stable' }));
    expect(v2.changed.map((c) => [c.flag.status, c.flag.severity, c.flag.evidence.fromVisitId])).toEqual([['acknowledged', 'medium', v2.visit.visitId]]);
  });

  it('a re-stated flag that was escalated keeps its escalation step', () => {
    const log = caseLog({ education: 'thriving' });
    const v3 = log.log(visitOn('2026-04-01', { education: 'at_risk' }));
    log.update(escalate(log.flagOf(v3.visit.visitId, 'education'), log.stamp()).flag);
    const v2 = log.log(visitOn('2026-03-01', { education: 'stable' }));
    // stable → at_risk alone is medium; the escalation step makes it high.
    expect(v2.changed.map((c) => [c.flag.severity, c.flag.evidence.fromLevel])).toEqual([['high', 'stable']]);
  });

  it('a visit arriving AFTER all others is judged against the latest one and re-judges nothing', () => {
    const log = caseLog({ education: 'stable' });
    log.log(visitOn('2026-02-01', { education: 'stable' }));
    const v2 = log.log(visitOn('2026-03-01', { education: 'thriving' }));
    const v3 = log.log(visitOn('2026-04-01', { education: 'at_risk' }));
    expect(v3.raised.map((f) => [f.severity, f.evidence.fromVisitId, f.evidence.fromLevel, f.evidence.toLevel])).toEqual([
      ['high', v2.visit.visitId, 'thriving', 'at_risk'],
    ]);
    expect(v3.changed).toEqual([]);
  });

  it('a flag resolved by a person stays resolved when its visit is no longer a drop', () => {
    const log = caseLog({ education: 'stable' });
    log.log(visitOn('2026-02-01', { education: 'stable' }));
    const v3 = log.log(visitOn('2026-04-01', { education: 'at_risk' }));
    log.update(resolve(inScope(log.flagOf(v3.visit.visitId, 'education')), PERSON, { note: 'school found' }, log.stamp()).flag);
    const v2 = log.log(visitOn('2026-03-01', { education: 'at_risk' }));
    expect(v2.changed).toEqual([]);
    expect(log.flagOf(v3.visit.visitId, 'education').resolution).toMatchObject({ note: 'school found', automatic: false });
  });

  it('a flag resolved by a person stays resolved when its visit is still a drop from a new predecessor', () => {
    const log = caseLog({ education: 'thriving' });
    const v3 = log.log(visitOn('2026-04-01', { education: 'at_risk' }));
    const resolved = resolve(inScope(log.flagOf(v3.visit.visitId, 'education')), PERSON, { note: 'handled' }, log.stamp()).flag;
    log.update(resolved);
    const v2 = log.log(visitOn('2026-03-01', { education: 'stable' }));
    expect(v2.changed).toEqual([]);
    expect(log.flagOf(v3.visit.visitId, 'education')).toEqual(resolved);
  });

  it('a flag the system resolved stands again, open, when a later-logged assessment makes its visit a drop again', () => {
    const log = caseLog({ education: 'stable' });
    log.log(visitOn('2026-02-01', { education: 'stable' }));
    const v4 = log.log(visitOn('2026-05-01', { education: 'at_risk' }));
    log.log(visitOn('2026-03-01', { education: 'at_risk' }));
    expect(log.flagOf(v4.visit.visitId, 'education')).toMatchObject({ status: 'resolved', resolution: { automatic: true } });
    const v3 = log.log(visitOn('2026-04-01', { education: 'thriving' }));
    const reopened = log.flagOf(v4.visit.visitId, 'education');
    expect(reopened).toMatchObject({ status: 'open', severity: 'high', evidence: { fromVisitId: v3.visit.visitId, fromLevel: 'thriving' } });
    expect(reopened).not.toHaveProperty('resolution');
    expect(reopened.history.map((e) => e.action)).toEqual(['raised', 'resolved', 'rejudged']);
  });

  it('only the domains the visit assesses are judged: the successor is re-judged in those domains only', () => {
    const log = caseLog({ education: 'thriving', housing: 'thriving' });
    const v3 = log.log(visitOn('2026-04-01', { education: 'at_risk', housing: 'at_risk' }));
    const housingFlag = log.flagOf(v3.visit.visitId, 'housing');
    const v2 = log.log(visitOn('2026-03-01', { education: 'at_risk' }));
    expect(v2.raised.map((f) => f.domain)).toEqual(['education']);
    expect(v2.changed.map((c) => [c.flag.domain, c.flag.status])).toEqual([['education', 'resolved']]);
    expect(log.flagOf(v3.visit.visitId, 'housing')).toEqual(housingFlag);
  });

  it('only the next assessment is judged again: the ones after it keep their predecessor and their flags', () => {
    const log = caseLog({ education: 'stable' });
    log.log(visitOn('2026-02-01', { education: 'stable' }));
    const v3 = log.log(visitOn('2026-04-01', { education: 'at_risk' }));
    const v4 = log.log(visitOn('2026-05-01', { education: 'critical' }));
    const v4Flag = log.flagOf(v4.visit.visitId, 'education');
    const stamp = log.stamp();
    const visit = { visitId: stamp.newId(), visitedOn: '2026-03-01', assessments: { education: { level: 'thriving' as const } } };
    const judgement = judgeRegressions(log.snapshot.child, log.snapshot.points, log.snapshot.flags, visit, stamp);
    expect(judgement.raised).toEqual([]);
    expect(judgement.changed.map((c) => [c.flag.subject, c.flag.severity, c.flag.evidence.fromVisitId])).toEqual([
      [flagSubject.regression(v3.visit.visitId, 'education'), 'high', visit.visitId],
    ]);
    expect(judgement.changed.map((c) => c.flag.flagId)).not.toContain(v4Flag.flagId);
  });
});

describe('order-independence: the standing regression flags do not depend on the order in which visits arrive', () => {
  const baseline: Partial<LevelsByDomain> = { education: 'stable', housing: 'stable' };
  const visits: Record<string, VisitInput> = {
    A: visitOn('2026-02-01', { education: 'thriving', housing: 'at_risk' }),
    B: visitOn('2026-03-01', { education: 'at_risk', housing: 'thriving' }),
    C: visitOn('2026-04-01', { education: 'stable', housing: 'critical' }),
    D: visitOn('2026-05-01', { education: 'critical', housing: 'at_risk' }),
  };

  function permutations<T>(items: readonly T[]): T[][] {
    if (items.length <= 1) return [[...items]];
    return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
  }

  /** The unresolved regression flags after logging the visits in this order, named by visit label, not by id. */
  function standingFlags(order: readonly string[]): string[] {
    const log = caseLog(baseline);
    const labels = new Map<string, string>();
    for (const label of order) labels.set(log.log(visits[label]!).visit.visitId, label);
    const name = (visitId: string | undefined) => (visitId === undefined ? 'baseline' : labels.get(visitId));
    return log.snapshot.flags
      .filter((f) => f.type === 'regression' && f.status !== 'resolved')
      .map((f) => {
        const [, visitId, domain] = f.subject.split('#') as [string, string, string];
        return `${name(visitId)} ${domain} ${f.severity} ${f.evidence.fromLevel}→${f.evidence.toLevel} from ${name(f.evidence.fromVisitId)}`;
      })
      .sort();
  }

  it('logged in date order, the standing flags are each visit’s fall from its predecessor', () => {
    expect(standingFlags(['A', 'B', 'C', 'D'])).toEqual([
      'A housing medium stable→at_risk from baseline',
      'B education high thriving→at_risk from A',
      'C housing high thriving→critical from B',
      'D education high stable→critical from C',
    ]);
  });

  it.each(permutations(['A', 'B', 'C', 'D']).map((order) => [order.join('')]))(
    'logged in the order %s, the standing flags are the same as logged in date order',
    (order) => {
      expect(standingFlags([...order])).toEqual(standingFlags(['A', 'B', 'C', 'D']));
    },
  );
});
