import { REMINDER_HORIZON_DAYS, visitsDue } from '../../../lib/domain/reminders';

const due = (caseWorkerId: string, dueOn: string) => ({ caseWorkerId, organisationId: 'org-1', dueOn });

describe('VisitsDue reminders: one per case worker per night, counts only', () => {
  it('counts each worker’s checkpoints due from today to 7 days ahead, and those overdue but still in their grace', () => {
    expect(REMINDER_HORIZON_DAYS).toBe(7);
    const reminders = visitsDue(
      [due('w-1', '2026-06-20'), due('w-1', '2026-06-27'), due('w-1', '2026-06-28'), due('w-1', '2026-06-12'), due('w-2', '2026-06-19'), due('w-3', '2026-07-20')],
      '2026-06-20',
    );
    expect(reminders).toEqual([
      { caseWorkerId: 'w-1', organisationId: 'org-1', day: '2026-06-20', dueSoon: 2, overdue: 1 },
      { caseWorkerId: 'w-2', organisationId: 'org-1', day: '2026-06-20', dueSoon: 0, overdue: 1 },
    ]);
  });

  it('a worker with nothing due in the horizon gets no reminder; the reminder names no child', () => {
    expect(visitsDue([due('w-3', '2026-06-28')], '2026-06-20')).toEqual([]);
    expect(Object.keys(visitsDue([due('w-1', '2026-06-21')], '2026-06-20')[0]!).sort()).toEqual(['caseWorkerId', 'day', 'dueSoon', 'organisationId', 'overdue']);
  });

  it('the reminders come in the order of the case workers, whatever the order of their checkpoints', () => {
    const reminders = visitsDue([due('w-3', '2026-06-21'), due('w-1', '2026-06-22'), due('w-2', '2026-06-23'), due('w-1', '2026-06-15')], '2026-06-20');
    expect(reminders.map((r) => [r.caseWorkerId, r.dueSoon, r.overdue])).toEqual([
      ['w-1', 1, 1],
      ['w-2', 1, 0],
      ['w-3', 1, 0],
    ]);
  });
});
