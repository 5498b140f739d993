import { judgeRegressions } from '../../../lib/domain/regression';
import { latestLevelsWith } from '../../../lib/domain/visit-plan';
import { visitConflict } from '../../../lib/domain/visits';
import { caseLog, enrolledSnapshot, visitOn } from './fixtures';

// Issue 20: rules of logging a visit that only integration tests reached before.

describe('a visit names the checkpoint it fulfils, and only that one', () => {
  it('a visit naming an open checkpoint is no conflict while an earlier checkpoint is already fulfilled', () => {
    const { child, checkpoints } = enrolledSnapshot();
    const [first, second] = checkpoints;
    const withFirstDone = checkpoints.map((c) => (c === first ? { ...c, status: 'completed' as const, visitId: 'visit-0001' } : c));
    expect(visitConflict(child, withFirstDone, { checkpointId: second!.checkpointId })).toBeUndefined();
  });
});

describe('every logged visit moves the case to its next version (optimistic concurrency)', () => {
  it('the child after a visit has the version after the one read', () => {
    const log = caseLog();
    const before = log.snapshot.child.version;
    const plan = log.log(visitOn('2026-02-10', { education: 'stable' }));
    expect(plan.child.version).toBe(before + 1);
    expect(log.log(visitOn('2026-03-10', { education: 'stable' })).child.version).toBe(before + 2);
  });
});

describe('regression flags are judged once per predecessor', () => {
  it('judging a visit again against the same predecessor changes nothing: no flag raised or re-stated twice', () => {
    const log = caseLog({ education: 'stable' });
    const plan = log.log(visitOn('2026-02-10', { education: 'at_risk' }));
    expect(plan.raised).toHaveLength(1);
    const { points, flags } = log.snapshot;
    const again = judgeRegressions(log.snapshot.child, points.filter((p) => p.visitId !== plan.visit.visitId), flags, plan.visit, log.stamp());
    expect(again).toEqual({ raised: [], changed: [] });
  });

  it('a visit logged later on the same day as the predecessor becomes the new predecessor: its successor, no longer a drop, has its flag resolved automatically', () => {
    const log = caseLog({ education: 'stable' });
    log.log(visitOn('2026-02-01', { education: 'stable' }));
    const later = log.log(visitOn('2026-03-01', { education: 'at_risk' }));
    expect(log.flagOf(later.visit.visitId, 'education').status).toBe('open');
    // Same day as the first visit, logged after it: judged after it, so it now precedes the March visit.
    const sameDay = log.log(visitOn('2026-02-01', { education: 'at_risk' }));
    expect(sameDay.raised.map((f) => f.evidence.toLevel)).toEqual(['at_risk']);
    expect(sameDay.changed.map(({ flag }) => [flag.subject, flag.status, flag.resolution?.automatic])).toEqual([
      [log.flagOf(later.visit.visitId, 'education').subject, 'resolved', true],
    ]);
  });
});

describe('the latest level of a domain follows the judging order: by date, then by visit id', () => {
  const latest = {
    education: { level: 'stable', assessedOn: '2026-03-01', source: 'visit', visitId: '01B' },
    housing: { level: 'stable', assessedOn: '2026-01-10', source: 'baseline' },
    health: { level: 'stable', assessedOn: '2026-01-10', source: 'baseline' },
    vocational_training: { level: 'stable', assessedOn: '2026-01-10', source: 'baseline' },
  } as const;

  it('a visit of the same day with an earlier id (logged elsewhere at the same time) does not replace the latest level', () => {
    const next = latestLevelsWith(latest, { visitId: '01A', visitedOn: '2026-03-01', assessments: { education: { level: 'critical' } } });
    expect(next.education).toEqual(latest.education);
  });

  it('a visit of the same day with a later id does', () => {
    const next = latestLevelsWith(latest, { visitId: '01C', visitedOn: '2026-03-01', assessments: { education: { level: 'critical' } } });
    expect(next.education).toEqual({ level: 'critical', assessedOn: '2026-03-01', source: 'visit', visitId: '01C' });
  });
});
