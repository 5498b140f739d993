import { planClosure, planReopening, reopeningConflict } from '../../../lib/domain/case-changes';
import { enrol } from '../../../lib/domain/enrolment';
import { followUpAfterChange, scheduleDueDates } from '../../../lib/domain/schedule';
import { clock, enrolmentInput, inScope } from './fixtures';

function closedCase() {
  const next = clock('2026-01-10T08:00:00.000Z');
  const { child, checkpoints } = enrol({ ...enrolmentInput, childId: 'child-1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' }, next());
  const closure = planClosure(inScope(child), checkpoints, { reason: 'reintegrated', outcome: 'reintegrated', closedOn: '2026-09-01' }, 'worker-1', next());
  return { child: closure.child, checkpoints: checkpoints.map((c) => closure.changed.find((x) => x.checkpoint.checkpointId === c.checkpointId)?.checkpoint ?? c) };
}

describe('reopening: a closed case is active again with a fresh schedule from that day, and keeps its history', () => {
  it('the case is active, its closure kept in the reopening, and a new schedule for its risk level starts that day', () => {
    const { child } = closedCase();
    const change = planReopening(inScope(child), 'Relapse reported by the school.', 'worker-1', '2027-03-15', clock('2027-03-15T10:00:00.000Z')());
    expect(change.child).toMatchObject({
      status: 'active',
      version: child.version + 1,
      reopenings: [{ reason: 'Relapse reported by the school.', reopenedOn: '2027-03-15', reopenedBy: 'worker-1', closure: child.closure }],
    });
    expect(change.child).not.toHaveProperty('closure');
    expect(change.added.map((c) => c.dueOn)).toEqual(scheduleDueDates('2027-03-15', 'low'));
    expect(change.added.every((c) => c.status === 'scheduled' && c.caseWorkerId === 'worker-1')).toBe(true);
    // The new schedule keeps follow-up going by itself: the reopening relies on no checkpoint of the old one.
    expect(change.stillScheduled).toEqual([]);
  });

  it('reopening keeps history: nothing is removed or rewritten, the child keeps its id, case code and enrolment date', () => {
    const { child } = closedCase();
    const change = planReopening(inScope(child), 'Relapse.', 'worker-1', '2027-03-15', clock('2027-03-15T10:00:00.000Z')());
    expect([change.removed, change.changed, change.flags]).toEqual([[], [], []]);
    expect(change.child).toMatchObject({ childId: child.childId, caseCode: child.caseCode, enrolledOn: child.enrolledOn, baseline: child.baseline });
  });

  it('only a closed case reopens, and never before the day it was closed', () => {
    const { child } = closedCase();
    expect(reopeningConflict(child, '2027-03-15')).toBeUndefined();
    expect(reopeningConflict(child, '2026-08-31')).toMatch(/closed on 2026-09-01/);
    expect(reopeningConflict({ ...child, status: 'active' }, '2027-03-15')).toMatch(/only a closed case/);
  });

  it('a case may reopen on the very day it was closed', () => {
    expect(reopeningConflict(closedCase().child, '2026-09-01')).toBeUndefined();
  });

  it('after a reopening, rolling checkpoints keep to half-year marks of the reopening day', () => {
    const { child } = closedCase();
    const { child: reopened, added } = planReopening(inScope(child), 'Relapse.', 'worker-1', '2027-03-15', clock('2027-03-15T10:00:00.000Z')());
    const last = added.at(-1)!;
    const settledBefore = added.map((c) => (c === last ? c : { ...c, status: 'completed' as const }));
    expect(followUpAfterChange(reopened, settledBefore, { changed: [{ ...last, status: 'completed' }] })).toEqual({ rollingDueOn: '2030-09-15' });
  });
});
