import { addDays, daysBetween, type IsoDate } from './dates';

/** How far ahead a case worker's nightly reminder looks (DESIGN.md v2, "Reminders, pushed"). */
export const REMINDER_HORIZON_DAYS = 7;

/** One case worker's reminder for one night: counts only, no names and no child ids. */
export interface VisitsDue {
  caseWorkerId: string;
  organisationId: string;
  day: IsoDate;
  /** Checkpoints due from today to `REMINDER_HORIZON_DAYS` days ahead. */
  dueSoon: number;
  /** Checkpoints whose due date passed and whose grace has not: a visit now still counts. */
  overdue: number;
}

/**
 * Tonight's reminders, one per case worker with anything due, from the scheduled checkpoints due up to the horizon.
 * A missed checkpoint is not counted: it has already raised a flag, which the worker sees, and a visit can no
 * longer fulfil it in time.
 */
export function visitsDue(
  checkpoints: ReadonlyArray<{ caseWorkerId: string; organisationId: string; dueOn: IsoDate }>,
  today: IsoDate,
): VisitsDue[] {
  const horizon = addDays(today, REMINDER_HORIZON_DAYS);
  const byWorker = new Map<string, VisitsDue>();
  for (const { caseWorkerId, organisationId, dueOn } of checkpoints) {
    if (daysBetween(dueOn, horizon) < 0) continue;
    const reminder = byWorker.get(caseWorkerId) ?? { caseWorkerId, organisationId, day: today, dueSoon: 0, overdue: 0 };
    if (daysBetween(dueOn, today) > 0) reminder.overdue += 1;
    else reminder.dueSoon += 1;
    byWorker.set(caseWorkerId, reminder);
  }
  return [...byWorker.values()].sort((a, b) => a.caseWorkerId.localeCompare(b.caseWorkerId));
}
