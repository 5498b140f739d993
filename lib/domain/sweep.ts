import type { Checkpoint, Child, Stamp } from './case';
import { keepFollowUp, type FollowUpWrites } from './follow-up';
import { daysBetween, type IsoDate } from './dates';
import { flagSubject, isUnresolved, raiseFlag, raisedOneStep, SYSTEM_ACTOR, type Flag, type FlagChange } from './flags';

/** Days a flag may stay open (not acknowledged) before it is escalated (DESIGN.md, Escalation). */
export const DEFAULT_ESCALATION_DAYS = 7;

/** The sweep's work on one child, written in one transaction. */
export interface MissPlan extends FollowUpWrites {
  missed: Array<{ checkpoint: Checkpoint; statusRead: Checkpoint['status'] }>;
  raised: Flag[];
  /** Checkpoints a raised `lost_contact` relies on having been missed already: they must still be. */
  stillMissed: Checkpoint[];
}

/** A checkpoint whose grace end has passed with no visit: the sweep marks it missed. */
export function isOverdue(checkpoint: Pick<Checkpoint, 'status' | 'graceEndsOn'>, today: IsoDate): boolean {
  return checkpoint.status === 'scheduled' && daysBetween(checkpoint.graceEndsOn, today) > 0;
}

/**
 * Missed visits (DESIGN.md, Flags): every scheduled checkpoint whose grace end has passed becomes `missed`
 * and raises one `missed_visit` flag (medium). A miss that follows a missed checkpoint (cancelled ones do not
 * count, a completed one breaks the run) is two consecutive misses: `lost_contact` (high), unless a
 * lost-contact flag of the child is still unresolved — municipal services already know, and escalation
 * covers a flag nobody acts on.
 */
export function planMisses(
  child: Child,
  checkpoints: readonly Checkpoint[],
  flags: readonly Flag[],
  today: IsoDate,
  stamp: Stamp,
): MissPlan {
  const plan: MissPlan = { missed: [], raised: [], stillMissed: [], created: [], stillScheduled: [] };
  if (child.status !== 'active') return plan;
  const subjects = new Set(flags.map((f) => f.subject));
  let lostContactOpen = flags.some((f) => f.type === 'lost_contact' && isUnresolved(f));
  let previous: { checkpoint: Checkpoint; missedNow: boolean } | undefined;

  const counted = checkpoints.filter((c) => c.status !== 'cancelled').sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  for (const checkpoint of counted) {
    const missedNow = isOverdue(checkpoint, today);
    if (missedNow) {
      plan.missed.push({
        checkpoint: { ...checkpoint, status: 'missed', updatedAt: stamp.at },
        statusRead: checkpoint.status,
      });
      const evidence = { checkpointId: checkpoint.checkpointId, dueOn: checkpoint.dueOn };
      const subject = flagSubject.missedVisit(checkpoint.checkpointId);
      if (!subjects.has(subject)) {
        plan.raised.push(raiseFlag(child, { subject, type: 'missed_visit', severity: 'medium', evidence }, stamp));
      }
      const lostSubject = flagSubject.lostContact(checkpoint.checkpointId);
      if (previous?.checkpoint.status === 'missed' || previous?.missedNow) {
        if (!lostContactOpen && !subjects.has(lostSubject)) {
          plan.raised.push(raiseFlag(child, { subject: lostSubject, type: 'lost_contact', severity: 'high', evidence }, stamp));
          if (!previous.missedNow) plan.stillMissed.push(previous.checkpoint);
          lostContactOpen = true;
        }
      }
    }
    previous = { checkpoint, missedNow };
  }
  return { ...plan, ...keepFollowUp(child, checkpoints, { changed: plan.missed.map(({ checkpoint }) => checkpoint) }, stamp) };
}

/**
 * Escalation (DESIGN.md): a flag still `open` — not acknowledged — `days` after it was raised is escalated
 * once: severity one step up (`high` stays `high`) and an `escalatedAt` mark.
 */
export function isDueForEscalation(flag: Pick<Flag, 'status' | 'escalatedAt' | 'raisedAt'>, now: Date, days: number): boolean {
  return flag.status === 'open' && !flag.escalatedAt && now.getTime() - Date.parse(flag.raisedAt) >= days * 86_400_000;
}

export function escalate(flag: Flag, stamp: Stamp): FlagChange {
  const note = `not acknowledged ${daysBetween(flag.raisedAt.slice(0, 10), stamp.at.slice(0, 10))} days after it was raised`;
  return {
    flag: {
      ...flag,
      severity: raisedOneStep(flag.severity),
      escalatedAt: stamp.at,
      history: [...flag.history, { action: 'escalated', at: stamp.at, ...SYSTEM_ACTOR, note }],
      updatedAt: stamp.at,
    },
    updatedAtRead: flag.updatedAt,
  };
}
