import type { Checkpoint } from '../../../lib/domain/case';
import { addDays, addMonths } from '../../../lib/domain/dates';
import { DOMAINS } from '../../../lib/domain/domains';
import {
  DEFAULT_POLICY,
  SCHEDULE_MONTHS,
  agendaCategory,
  checkpointsCancelledByClosure,
  graceEndsOn,
  isOpen,
  planRiskChange,
  scheduleDueDates,
  windowOpensOn,
  type CheckpointStatus,
  type FollowUpPolicy,
} from '../../../lib/domain/schedule';
import { fulfilment } from '../../../lib/domain/fulfilment';

const range = (from: number, to: number, step = 1) => {
  const out: number[] = [];
  for (let n = from; n <= to; n += step) out.push(n);
  return out;
};

describe('schedule: months after enrolment per risk level (DESIGN.md, Schedule)', () => {
  it('high risk gives 22 checkpoints: 1–12 monthly, then 14, 16, … 24, then 27, 30, 33, 36', () => {
    expect(SCHEDULE_MONTHS.high).toEqual([...range(1, 12), 14, 16, 18, 20, 22, 24, 27, 30, 33, 36]);
    expect(SCHEDULE_MONTHS.high).toHaveLength(22);
  });

  it('medium risk gives 14 checkpoints: 1–6 monthly then 9, 12, 15, 18, 21, 24, 30, 36', () => {
    expect(SCHEDULE_MONTHS.medium).toEqual([1, 2, 3, 4, 5, 6, 9, 12, 15, 18, 21, 24, 30, 36]);
    expect(SCHEDULE_MONTHS.medium).toHaveLength(14);
  });

  it('low risk gives 8 checkpoints: 1, 3, 6, 9, 12, 18, 24, 36', () => {
    expect(SCHEDULE_MONTHS.low).toEqual([1, 3, 6, 9, 12, 18, 24, 36]);
    expect(SCHEDULE_MONTHS.low).toHaveLength(8);
  });

  it.each([
    ['high', 22],
    ['medium', 14],
    ['low', 8],
  ] as const)('%s risk: one due date per scheduled month (%i), strictly increasing, ending 36 months after enrolment', (risk, count) => {
    const dates = scheduleDueDates('2025-03-10', risk);
    expect(dates).toHaveLength(count);
    expect(dates).toEqual(SCHEDULE_MONTHS[risk].map((months) => addMonths('2025-03-10', months)));
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates.at(-1)).toBe('2028-03-10');
  });

  it('medium risk due dates from 10 Mar 2025 are the exact calendar months', () => {
    expect(scheduleDueDates('2025-03-10', 'medium')).toEqual([
      '2025-04-10',
      '2025-05-10',
      '2025-06-10',
      '2025-07-10',
      '2025-08-10',
      '2025-09-10',
      '2025-12-10',
      '2026-03-10',
      '2026-06-10',
      '2026-09-10',
      '2026-12-10',
      '2027-03-10',
      '2027-09-10',
      '2028-03-10',
    ]);
  });

  it('an enrolment on 31 Jan is clamped to each month end and never drifts (28 Feb, then 31 Mar, 30 Apr, 31 May …)', () => {
    expect(scheduleDueDates('2025-01-31', 'high').slice(0, 6)).toEqual([
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
    ]);
  });

  it('a 31 Jan enrolment falls due on 29 Feb in a leap year and 28 Feb otherwise, on every level', () => {
    for (const risk of ['high', 'medium', 'low'] as const) {
      expect(scheduleDueDates('2024-01-31', risk)[0]).toBe('2024-02-29');
      expect(scheduleDueDates('2025-01-31', risk)[0]).toBe('2025-02-28');
    }
  });

  it('a 31 Dec enrolment clamps months 2 and 14 to 28 Feb and keeps the 31st in 31-day months (high risk)', () => {
    expect(scheduleDueDates('2024-12-31', 'high').slice(0, 4)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']);
    expect(scheduleDueDates('2024-12-31', 'high')).toContain('2026-02-28'); // month 14
    expect(scheduleDueDates('2024-12-31', 'high')).toContain('2027-03-31');
  });

  it('an enrolment on 29 Feb lands on 28 Feb in common years and 29 Feb in the next leap year', () => {
    const dates = scheduleDueDates('2024-02-29', 'low');
    expect(dates[0]).toBe('2024-03-29');
    expect(dates).toContain('2025-02-28'); // month 12
    expect(dates).toContain('2026-02-28'); // month 24
    expect(dates.at(-1)).toBe('2027-02-28'); // month 36
  });

  it('follow-up continues past the 18th birthday: the schedule knows nothing of the age', () => {
    expect(scheduleDueDates('2025-06-01', 'low').at(-1)).toBe('2028-06-01');
  });
});

describe('checkpoint window: opens 14 days before the due date, grace ends 14 days after', () => {
  const dueOn = '2025-05-15';

  it('the default policy is 14 days lead and 14 days grace', () => {
    expect(DEFAULT_POLICY).toEqual({ windowLeadDays: 14, graceDays: 14 });
  });

  it('windowOpensOn is due − 14 days; graceEndsOn is due + 14 days', () => {
    expect(windowOpensOn(dueOn, DEFAULT_POLICY)).toBe('2025-05-01');
    expect(graceEndsOn(dueOn, DEFAULT_POLICY)).toBe('2025-05-29');
  });

  it('window and grace cross month and year ends', () => {
    expect(windowOpensOn('2025-01-10', DEFAULT_POLICY)).toBe('2024-12-27');
    expect(graceEndsOn('2025-12-25', DEFAULT_POLICY)).toBe('2026-01-08');
    expect(graceEndsOn('2024-02-20', DEFAULT_POLICY)).toBe('2024-03-05');
  });

  it('lead and grace are configurable', () => {
    const policy: FollowUpPolicy = { windowLeadDays: 7, graceDays: 30 };
    expect(windowOpensOn(dueOn, policy)).toBe('2025-05-08');
    expect(graceEndsOn(dueOn, policy)).toBe('2025-06-14');
  });

  const checkpoint = (checkpointId: string, due: string, status: CheckpointStatus = 'scheduled'): Checkpoint => ({
    checkpointId,
    childId: 'child-1',
    dueOn: due,
    windowOpensOn: windowOpensOn(due, DEFAULT_POLICY),
    graceEndsOn: graceEndsOn(due, DEFAULT_POLICY),
    domains: [...DOMAINS],
    status,
    caseCode: 'SK-1',
    caseWorkerId: 'worker-1',
    organisationId: 'org-1',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  });

  it.each([
    [-15, undefined],
    [-14, 'completed'],
    [0, 'completed'],
    [14, 'completed'],
    [15, undefined],
  ] as const)('a visit on day %i from the due date, without a checkpoint named, fulfils it: %s', (offset, expected) => {
    const found = fulfilment([checkpoint('cp-1', dueOn)], addDays(dueOn, offset));
    expect(found?.status).toBe(expected);
    if (expected) expect(found?.checkpoint.checkpointId).toBe('cp-1');
  });

  it('day −15 is not in the window, day −14 is (the window opening day counts)', () => {
    expect(fulfilment([checkpoint('cp-1', dueOn)], '2025-04-30')).toBeUndefined();
    expect(fulfilment([checkpoint('cp-1', dueOn)], '2025-05-01')).toMatchObject({ status: 'completed' });
  });

  it('the grace end day is still in the window, the day after is not', () => {
    expect(fulfilment([checkpoint('cp-1', dueOn)], '2025-05-29')).toMatchObject({ status: 'completed' });
    expect(fulfilment([checkpoint('cp-1', dueOn)], '2025-05-30')).toBeUndefined();
  });

  it('a visit naming the checkpoint on the grace end is completed; the day after it is completed_late', () => {
    expect(fulfilment([checkpoint('cp-1', dueOn)], '2025-05-29', 'cp-1')?.status).toBe('completed');
    expect(fulfilment([checkpoint('cp-1', dueOn)], '2025-05-30', 'cp-1')?.status).toBe('completed_late');
  });

  it('a checkpoint the sweep marked missed is still completed by a visit dated inside its window (the visit date counts, not the logging day)', () => {
    expect(fulfilment([checkpoint('cp-1', dueOn, 'missed')], '2025-05-20')).toMatchObject({ status: 'completed' });
  });

  it('a checkpoint that is completed or cancelled is not picked by the window rule', () => {
    expect(fulfilment([checkpoint('cp-1', dueOn, 'completed')], dueOn)).toBeUndefined();
    expect(fulfilment([checkpoint('cp-1', dueOn, 'cancelled')], dueOn)).toBeUndefined();
  });

  it('where two windows overlap, the earliest open checkpoint is fulfilled', () => {
    // Due 31 Jan and 28 Feb: the first grace ends 14 Feb, the second window opens 14 Feb.
    const first = checkpoint('cp-jan', '2025-01-31');
    const second = checkpoint('cp-feb', '2025-02-28');
    expect(first.graceEndsOn).toBe('2025-02-14');
    expect(second.windowOpensOn).toBe('2025-02-14');
    expect(fulfilment([second, first], '2025-02-14')?.checkpoint.checkpointId).toBe('cp-jan');
    expect(fulfilment([second, { ...first, status: 'completed' }], '2025-02-14')?.checkpoint.checkpointId).toBe('cp-feb');
  });

  it('scheduled and missed checkpoints are open; completed, completed_late and cancelled are not', () => {
    expect(isOpen('scheduled')).toBe(true);
    expect(isOpen('missed')).toBe(true);
    expect(isOpen('completed')).toBe(false);
    expect(isOpen('completed_late')).toBe(false);
    expect(isOpen('cancelled')).toBe(false);
  });
});

describe('agendaCategory: where an open checkpoint stands on the agenda today', () => {
  const dueOn = '2025-05-15';

  it.each([
    [-30, 'upcoming'],
    [-15, 'upcoming'],
    [-14, 'due'],
    [-1, 'due'],
    [0, 'due'],
    [1, 'overdue'],
    [14, 'overdue'],
    [15, 'overdue'],
  ] as const)('day %i from the due date is %s', (offset, expected) => {
    expect(agendaCategory(dueOn, addDays(dueOn, offset), DEFAULT_POLICY)).toBe(expected);
  });

  it('becomes due when the visit window opens, under a configured lead time too', () => {
    const policy: FollowUpPolicy = { windowLeadDays: 7, graceDays: 14 };
    expect(agendaCategory(dueOn, '2025-05-07', policy)).toBe('upcoming');
    expect(agendaCategory(dueOn, '2025-05-08', policy)).toBe('due');
  });

  it('is overdue the day after the due date, even though the grace period still runs', () => {
    expect(agendaCategory(dueOn, '2025-05-16', DEFAULT_POLICY)).toBe('overdue');
  });
});

describe('planRiskChange: a change of risk level regenerates only the future scheduled checkpoints', () => {
  interface Cp {
    checkpointId: string;
    dueOn: string;
    status: CheckpointStatus;
  }
  const enrolledOn = '2025-01-10';
  const medium = (statusOf: (dueOn: string, index: number) => CheckpointStatus): Cp[] =>
    scheduleDueDates(enrolledOn, 'medium').map((dueOn, i) => ({ checkpointId: `m${i + 1}`, dueOn, status: statusOf(dueOn, i) }));

  it('replaces exactly the scheduled checkpoints due after today, and adds the new level’s due dates after today', () => {
    const today = '2025-04-20'; // months 1–3 (Feb, Mar, Apr 10) are past
    const checkpoints = medium((dueOn) => (dueOn <= today ? 'completed' : 'scheduled'));
    const plan = planRiskChange({ checkpoints, enrolledOn, newRiskLevel: 'low', today });
    expect(plan.replaced.map((c) => c.checkpointId)).toEqual(checkpoints.slice(3).map((c) => c.checkpointId));
    expect(plan.newDueDates).toEqual(['2025-07-10', '2025-10-10', '2026-01-10', '2026-07-10', '2027-01-10', '2028-01-10']);
  });

  it('never touches completed, completed_late, missed or cancelled checkpoints, even future ones', () => {
    const statuses: CheckpointStatus[] = ['completed', 'completed_late', 'missed', 'cancelled'];
    const checkpoints = medium((_dueOn, i) => statuses[i % statuses.length]!);
    const plan = planRiskChange({ checkpoints, enrolledOn, newRiskLevel: 'high', today: '2025-01-10' });
    expect(plan.replaced).toEqual([]);
  });

  it('a scheduled checkpoint due today or earlier is history and stays', () => {
    const checkpoints: Cp[] = [
      { checkpointId: 'past', dueOn: '2025-02-10', status: 'scheduled' },
      { checkpointId: 'today', dueOn: '2025-03-10', status: 'scheduled' },
      { checkpointId: 'tomorrow', dueOn: '2025-03-11', status: 'scheduled' },
    ];
    const plan = planRiskChange({ checkpoints, enrolledOn, newRiskLevel: 'high', today: '2025-03-10' });
    expect(plan.replaced.map((c) => c.checkpointId)).toEqual(['tomorrow']);
  });

  it('a new due date falling today or earlier is not added (the new schedule only covers the future)', () => {
    const plan = planRiskChange({ checkpoints: [], enrolledOn, newRiskLevel: 'high', today: '2025-03-10' });
    expect(plan.newDueDates[0]).toBe('2025-04-10');
    expect(plan.newDueDates).toEqual(scheduleDueDates(enrolledOn, 'high').filter((d) => d > '2025-03-10'));
    expect(plan.newDueDates).toHaveLength(20);
  });

  it('a future checkpoint already visited early is not owed twice: the new schedule adds nothing on its date', () => {
    // Medium, month 3 (2025-04-10) completed early on 2025-04-01; on 2025-04-05 the risk becomes high.
    const checkpoints = medium((dueOn) => (dueOn <= '2025-04-10' ? 'completed' : 'scheduled'));
    const plan = planRiskChange({ checkpoints, enrolledOn, newRiskLevel: 'high', today: '2025-04-05' });
    expect(plan.newDueDates).not.toContain('2025-04-10');
    expect(plan.newDueDates[0]).toBe('2025-05-10');
  });

  it('after the last due date nothing is replaced and nothing is added', () => {
    const checkpoints = medium(() => 'completed');
    const plan = planRiskChange({ checkpoints, enrolledOn, newRiskLevel: 'high', today: '2028-01-10' });
    expect(plan).toEqual({ replaced: [], newDueDates: [] });
  });

  it('the new schedule keeps counting from the enrolment date, not from today', () => {
    const plan = planRiskChange({ checkpoints: [], enrolledOn: '2025-01-31', newRiskLevel: 'low', today: '2025-05-01' });
    expect(plan.newDueDates[0]).toBe('2025-07-31'); // month 6 after 31 Jan
  });

  it('returns the caller’s own checkpoint objects (with all their fields) as replaced', () => {
    const checkpoints = [{ checkpointId: 'x', dueOn: '2026-01-01', status: 'scheduled' as const, extra: 42 }];
    const plan = planRiskChange({ checkpoints, enrolledOn, newRiskLevel: 'low', today: '2025-06-01' });
    expect(plan.replaced[0]).toBe(checkpoints[0]);
  });
});

describe('checkpointsCancelledByClosure: closing cancels every checkpoint still scheduled', () => {
  const all: Array<{ checkpointId: string; dueOn: string; status: CheckpointStatus }> = [
    { checkpointId: 'done', dueOn: '2025-02-01', status: 'completed' },
    { checkpointId: 'late', dueOn: '2025-03-01', status: 'completed_late' },
    { checkpointId: 'missed', dueOn: '2025-04-01', status: 'missed' },
    { checkpointId: 'in-grace', dueOn: '2025-05-01', status: 'scheduled' },
    { checkpointId: 'future', dueOn: '2025-08-01', status: 'scheduled' },
    { checkpointId: 'gone', dueOn: '2025-09-01', status: 'cancelled' },
  ];

  it('cancels the future scheduled checkpoints and a scheduled one whose due date passed but grace has not', () => {
    expect(checkpointsCancelledByClosure(all).map((c) => c.checkpointId)).toEqual(['in-grace', 'future']);
  });

  it('keeps completed, completed_late, missed and already cancelled checkpoints as history', () => {
    const kept = ['done', 'late', 'missed', 'gone'];
    expect(checkpointsCancelledByClosure(all).some((c) => kept.includes(c.checkpointId))).toBe(false);
  });

  it('cancels nothing when nothing is scheduled', () => {
    expect(checkpointsCancelledByClosure(all.filter((c) => c.status !== 'scheduled'))).toEqual([]);
  });
});
