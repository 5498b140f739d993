import type { Checkpoint } from '../../../lib/domain/case';
import { checkpointChangeConflict, checkpointChangeViolations, planCheckpointChange, type CheckpointChange } from '../../../lib/domain/checkpoint-changes';
import type { CheckpointStatus } from '../../../lib/domain/schedule';
import { clock, enrolledSnapshot } from './fixtures';

/** The first checkpoint of the low-risk enrolment on 2026-01-10: due 2026-02-10. */
const first = enrolledSnapshot().checkpoints[0]!;
const withStatus = (status: CheckpointStatus): Checkpoint => ({ ...first, status });
const active = { status: 'active' as const };
const reschedule: CheckpointChange = { action: 'reschedule', dueOn: '2026-02-20', reason: 'The family is away that week.' };
const cancel: CheckpointChange = { action: 'cancel', reason: 'The child is in hospital abroad.' };

describe('which checkpoints a case worker may reschedule or cancel (409 otherwise)', () => {
  it('a closed case’s schedule no longer changes: neither a reschedule nor a cancellation', () => {
    for (const change of [reschedule, cancel]) {
      expect(checkpointChangeConflict({ status: 'closed' }, withStatus('scheduled'), change)).toMatch(/case is closed/);
    }
  });

  it('an active case’s scheduled checkpoint can be rescheduled and cancelled', () => {
    expect(checkpointChangeConflict(active, withStatus('scheduled'), reschedule)).toBeUndefined();
    expect(checkpointChangeConflict(active, withStatus('scheduled'), cancel)).toBeUndefined();
  });

  it.each(['missed', 'completed', 'completed_late', 'cancelled'] as const)('only a scheduled checkpoint can be rescheduled: a %s one cannot', (status) => {
    expect(checkpointChangeConflict(active, withStatus(status), reschedule)).toMatch(new RegExp(`rescheduled; this one is ${status}\\.`));
  });

  it('a missed checkpoint is still open: it can be cancelled', () => {
    expect(checkpointChangeConflict(active, withStatus('missed'), cancel)).toBeUndefined();
  });

  it.each(['completed', 'completed_late', 'cancelled'] as const)('a settled checkpoint cannot be cancelled: a %s one', (status) => {
    expect(checkpointChangeConflict(active, withStatus(status), cancel)).toBe(`A ${status} checkpoint cannot be cancelled.`);
  });
});

describe('a checkpoint is not rescheduled into the past (400)', () => {
  it('a new due date before today is refused on body.dueOn', () => {
    expect(checkpointChangeViolations({ ...reschedule, dueOn: '2026-02-09' }, '2026-02-10')).toEqual([
      { path: 'body.dueOn', message: 'must not be in the past' },
    ]);
  });

  it('today and later are accepted', () => {
    expect(checkpointChangeViolations({ ...reschedule, dueOn: '2026-02-10' }, '2026-02-10')).toEqual([]);
    expect(checkpointChangeViolations({ ...reschedule, dueOn: '2026-03-01' }, '2026-02-10')).toEqual([]);
  });

  it('a cancellation has no date to check', () => {
    expect(checkpointChangeViolations(cancel, '2026-02-10')).toEqual([]);
  });
});

describe('what a reschedule and a cancellation leave on the checkpoint', () => {
  const stamp = clock('2026-02-05T09:00:00.000Z')();

  it('a rescheduled checkpoint keeps its status and gets the window and grace period of its new date, and the old date with the reason', () => {
    expect(planCheckpointChange(first, reschedule, 'worker-1', stamp)).toEqual({
      ...first,
      status: 'scheduled',
      dueOn: '2026-02-20',
      windowOpensOn: '2026-02-06',
      graceEndsOn: '2026-03-06',
      rescheduling: { fromDueOn: '2026-02-10', reason: 'The family is away that week.', at: stamp.at, by: 'worker-1' },
      updatedAt: stamp.at,
    });
  });

  it('a cancelled checkpoint keeps its dates and records why, when and by whom', () => {
    expect(planCheckpointChange(first, cancel, 'worker-1', stamp)).toEqual({
      ...first,
      status: 'cancelled',
      cancellation: { reason: 'The child is in hospital abroad.', at: stamp.at, by: 'worker-1' },
      updatedAt: stamp.at,
    });
  });
});
