import { acknowledge, resolve } from '../../../lib/domain/flag-transitions';
import type { Flag } from '../../../lib/domain/flags';
import { caseLog, inScope, visitOn } from './fixtures';

const persistent = (flags: readonly Flag[]) => flags.filter((f) => f.type === 'persistent_critical');
const standing = (flags: readonly Flag[]) => persistent(flags).filter((f) => f.status !== 'resolved');

describe('persistent_critical: critical at two consecutive assessments of a domain raises one high flag, even with no fall', () => {
  it('critical at baseline and at the first visit: a flag from the baseline, with no regression flag', () => {
    const log = caseLog({ housing: 'critical' });
    const plan = log.log(visitOn('2026-02-10', { housing: 'critical' }));
    expect(plan.raised.map((f) => f.type)).toEqual(['persistent_critical']);
    expect(plan.raised[0]).toMatchObject({
      domain: 'housing',
      severity: 'high',
      status: 'open',
      subject: 'persistent_critical#housing#baseline',
      evidence: { visitId: plan.visit.visitId, visitedOn: '2026-02-10', fromLevel: 'critical', toLevel: 'critical', fromAssessedOn: '2026-01-10' },
    });
    expect(plan.raised[0]!.evidence).not.toHaveProperty('fromVisitId');
  });

  it('critical, critical, critical: raised once, not at every further critical', () => {
    const log = caseLog({ housing: 'critical' });
    log.log(visitOn('2026-02-10', { housing: 'critical' }));
    expect(log.log(visitOn('2026-03-10', { housing: 'critical' })).raised).toEqual([]);
    expect(persistent(log.snapshot.flags)).toHaveLength(1);
  });

  it('a fall to critical is a regression; staying critical at the next visit is persistence', () => {
    const log = caseLog();
    expect(log.log(visitOn('2026-02-10', { education: 'critical' })).raised.map((f) => f.type)).toEqual(['regression']);
    expect(log.log(visitOn('2026-03-10', { education: 'critical' })).raised.map((f) => f.type)).toEqual(['persistent_critical']);
  });

  it('each domain on its own: a critical in another domain in between does not make a run', () => {
    const log = caseLog({ housing: 'critical' });
    expect(log.log(visitOn('2026-02-10', { health: 'critical' })).raised.map((f) => f.type)).toEqual(['regression']);
    expect(persistent(log.snapshot.flags)).toEqual([]);
  });

  it('a visit that assesses only another domain leaves a domain’s standing flag as it is', () => {
    const log = caseLog({ housing: 'critical' });
    const [flag] = log.log(visitOn('2026-02-10', { housing: 'critical' })).raised;
    const other = log.log(visitOn('2026-03-10', { health: 'at_risk', education: 'critical' }));
    expect(other.changed.filter((c) => c.flag.type === 'persistent_critical')).toEqual([]);
    expect(standing(log.snapshot.flags)).toEqual([flag]);
  });

  it('a level that is not critical ends the run; two criticals after it are a new episode and raise a new flag', () => {
    const log = caseLog({ housing: 'critical' });
    log.log(visitOn('2026-02-10', { housing: 'critical' }));
    log.log(visitOn('2026-03-10', { housing: 'at_risk' }));
    expect(log.log(visitOn('2026-04-10', { housing: 'critical' })).raised.map((f) => f.type)).toEqual(['regression']);
    const second = log.log(visitOn('2026-05-10', { housing: 'critical' }));
    expect(second.raised.map((f) => f.subject)).toEqual([`persistent_critical#housing#${log.snapshot.points.find((p) => p.assessedOn === '2026-04-10')!.visitId}`]);
    expect(persistent(log.snapshot.flags)).toHaveLength(2);
  });

  it('a flag a person resolved stays resolved, and the same run raises nothing more', () => {
    const log = caseLog({ housing: 'critical' });
    const [flag] = log.log(visitOn('2026-02-10', { housing: 'critical' })).raised;
    log.update(resolve(inScope(flag!), { by: 'officer-1', role: 'municipal_officer' }, { note: 'Placement found.' }, log.stamp()).flag);
    expect(log.log(visitOn('2026-03-10', { housing: 'critical' })).raised).toEqual([]);
    expect(persistent(log.snapshot.flags).map((f) => f.status)).toEqual(['resolved']);
  });
});

describe('persistent_critical out of order: judged on the series by visit date, not by arrival', () => {
  it('an out-of-order visit that is not critical, logged between two criticals, resolves the flag automatically with the reason', () => {
    const log = caseLog();
    log.log(visitOn('2026-03-10', { housing: 'critical' }));
    log.log(visitOn('2026-05-10', { housing: 'critical' }));
    expect(standing(log.snapshot.flags)).toHaveLength(1);
    const late = log.log(visitOn('2026-04-10', { housing: 'at_risk' }));
    expect(late.raised.filter((f) => f.type === 'persistent_critical')).toEqual([]);
    expect(standing(log.snapshot.flags)).toEqual([]);
    expect(persistent(log.snapshot.flags)[0]!.resolution).toMatchObject({ automatic: true, note: expect.stringContaining('2026-04-10') });
  });

  it('a flag the system resolved when its run was broken stands again, open, when a later-logged critical mends the run', () => {
    const log = caseLog();
    log.log(visitOn('2026-02-10', { housing: 'critical' }));
    log.log(visitOn('2026-05-10', { housing: 'critical' }));
    log.log(visitOn('2026-04-10', { housing: 'at_risk' }));
    expect(standing(log.snapshot.flags)).toEqual([]);
    log.log(visitOn('2026-03-10', { housing: 'critical' }));
    expect(standing(log.snapshot.flags)).toEqual([
      expect.objectContaining({ status: 'open', evidence: expect.objectContaining({ fromAssessedOn: '2026-02-10', visitedOn: '2026-03-10' }) }),
    ]);
    expect(persistent(log.snapshot.flags)).toHaveLength(1);
  });

  it('an out-of-order critical visit inside or before a run raises nothing more', () => {
    const log = caseLog();
    log.log(visitOn('2026-03-10', { housing: 'critical' }));
    log.log(visitOn('2026-05-10', { housing: 'critical' }));
    expect(log.log(visitOn('2026-04-10', { housing: 'critical' })).raised.filter((f) => f.type === 'persistent_critical')).toEqual([]);
    expect(log.log(visitOn('2026-02-10', { housing: 'critical' })).raised.filter((f) => f.type === 'persistent_critical')).toEqual([]);
    expect(standing(log.snapshot.flags)).toHaveLength(1);
  });

  it('an out-of-order visit that makes a run: the late critical between a critical and another critical-to-be', () => {
    const log = caseLog();
    log.log(visitOn('2026-03-10', { housing: 'critical' }));
    log.log(visitOn('2026-05-10', { housing: 'stable' }));
    expect(log.log(visitOn('2026-04-10', { housing: 'critical' })).raised.filter((f) => f.type === 'persistent_critical')).toHaveLength(1);
  });

  // The series by date: baseline stable, then Feb critical, Mar critical, Apr at_risk, May critical, Jun critical:
  // two runs, so two standing flags, in whatever order the five visits are logged.
  const VISITS = [
    ['2026-02-10', 'critical'],
    ['2026-03-10', 'critical'],
    ['2026-04-10', 'at_risk'],
    ['2026-05-10', 'critical'],
    ['2026-06-10', 'critical'],
  ] as const;
  const permutations = <T>(items: readonly T[]): T[][] =>
    items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));

  it.each(permutations([0, 1, 2, 3, 4]).map((order) => [order.join(',')]))('logged in the order %s: one standing flag per run of criticals, two in all', (order) => {
    const log = caseLog();
    for (const i of order.split(',').map(Number)) log.log(visitOn(VISITS[i]![0], { housing: VISITS[i]![1] }));
    const flags = standing(log.snapshot.flags);
    expect(flags).toHaveLength(2);
    // One in each run: Feb–Mar and May–Jun.
    expect(flags.map((f) => (f.evidence.visitedOn! < '2026-04-10' ? 'first run' : 'second run')).sort()).toEqual(['first run', 'second run']);
  });
});

describe('persistent_critical re-stated when a late visit changes its run (the flag names the run’s first two criticals)', () => {
  const pc = (plan: { changed: Array<{ flag: Flag; updatedAtRead: string }> }) => plan.changed.filter((c) => c.flag.type === 'persistent_critical');

  it('a late critical before the run: the flag now names it and the next critical, keeps its subject, and its history says why', () => {
    const log = caseLog();
    const march = log.log(visitOn('2026-03-10', { housing: 'critical' })).visit.visitId;
    const [flag] = log.log(visitOn('2026-04-10', { housing: 'critical' })).raised;
    const late = log.log(visitOn('2026-02-10', { housing: 'critical' }));
    expect(late.raised.filter((f) => f.type === 'persistent_critical')).toEqual([]);
    const [change] = pc(late);
    expect(change!.updatedAtRead).toBe(flag!.updatedAt);
    expect(change!.flag).toEqual({
      ...flag,
      evidence: { visitId: march, visitedOn: '2026-03-10', fromLevel: 'critical', toLevel: 'critical', fromVisitId: late.visit.visitId, fromAssessedOn: '2026-02-10' },
      history: [
        ...flag!.history,
        { action: 'rejudged', at: change!.flag.updatedAt, by: 'system', role: 'system', note: 'an assessment of 2026-02-10 logged later is now part of this run' },
      ],
      updatedAt: change!.flag.updatedAt,
    });
    expect(change!.flag.updatedAt > flag!.updatedAt).toBe(true);
  });

  it('a flag a person acknowledged stays acknowledged when it is re-stated', () => {
    const log = caseLog();
    log.log(visitOn('2026-03-10', { housing: 'critical' }));
    const [flag] = log.log(visitOn('2026-04-10', { housing: 'critical' })).raised;
    log.update(acknowledge(inScope(flag!), { by: 'worker-1', role: 'social_worker' }, undefined, log.stamp()).flag);
    const [change] = pc(log.log(visitOn('2026-02-10', { housing: 'critical' })));
    expect(change!.flag.status).toBe('acknowledged');
    expect(change!.flag.evidence.fromAssessedOn).toBe('2026-02-10');
  });

  it('a flag a person resolved is neither re-stated nor resolved again by a late visit', () => {
    const log = caseLog();
    log.log(visitOn('2026-03-10', { housing: 'critical' }));
    const [flag] = log.log(visitOn('2026-05-10', { housing: 'critical' })).raised;
    const resolved = resolve(inScope(flag!), { by: 'worker-1', role: 'social_worker' }, { note: 'Moved to a shelter.' }, log.stamp()).flag;
    log.update(resolved);
    expect(pc(log.log(visitOn('2026-02-10', { housing: 'critical' })))).toEqual([]);
    expect(pc(log.log(visitOn('2026-04-10', { housing: 'at_risk' })))).toEqual([]);
    expect(persistent(log.snapshot.flags)).toEqual([resolved]);
  });

  it('a flag the system resolved stands again without its resolution, with the rejudging in its history', () => {
    const log = caseLog();
    log.log(visitOn('2026-02-10', { housing: 'critical' }));
    log.log(visitOn('2026-05-10', { housing: 'critical' }));
    log.log(visitOn('2026-04-10', { housing: 'at_risk' }));
    const [change] = pc(log.log(visitOn('2026-03-10', { housing: 'critical' })));
    expect(change!.flag.status).toBe('open');
    expect(change!.flag).not.toHaveProperty('resolution');
    expect(change!.flag.history.map((e) => e.action)).toEqual(['raised', 'resolved', 'rejudged']);
  });

  it('a late critical after the run’s first two changes nothing: the flag already names them', () => {
    const log = caseLog();
    log.log(visitOn('2026-02-10', { housing: 'critical' }));
    log.log(visitOn('2026-03-10', { housing: 'critical' }));
    log.log(visitOn('2026-05-10', { housing: 'critical' }));
    expect(pc(log.log(visitOn('2026-04-10', { housing: 'critical' })))).toEqual([]);
  });

  it('the automatic resolution is the system’s, with the reason and the day of the visit that broke the run', () => {
    const log = caseLog();
    log.log(visitOn('2026-03-10', { housing: 'critical' }));
    log.log(visitOn('2026-05-10', { housing: 'critical' }));
    const [change] = pc(log.log(visitOn('2026-04-10', { housing: 'at_risk' })));
    expect(change!.flag.resolution).toMatchObject({
      by: 'system',
      role: 'system',
      automatic: true,
      note: 'no longer critical at two consecutive assessments: an assessment of 2026-04-10 logged later breaks the run',
    });
  });
});
