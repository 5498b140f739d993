import { monotonicFactory } from 'ulidx';
import type { Checkpoint, Child, Stamp } from '../../../lib/domain/case';
import { enrol, type EnrolmentInput } from '../../../lib/domain/enrolment';
import { addDays } from '../../../lib/domain/dates';
import { flagSubject, raiseFlag, type Flag, type FlagStatus, type Severity } from '../../../lib/domain/flags';
import { DEFAULT_POLICY, type CheckpointStatus } from '../../../lib/domain/schedule';
import { escalate, isDueForEscalation, planMisses, type MissPlan } from '../../../lib/domain/sweep';
import { enrolmentInput } from './fixtures';

const ENROLLED_AT = '2026-01-10T08:00:00.000Z';
const SWEPT_AT = '2026-06-20T09:00:00.000Z';
const DAY_MS = 86_400_000;

/** A Stamp as `lib/deps.ts` builds one: one instant, monotonic ULIDs at that instant, the default policy. */
function stampAt(at: string): Stamp {
  const ulid = monotonicFactory();
  const time = Date.parse(at);
  return { at, newId: () => ulid(time), policy: DEFAULT_POLICY };
}

/** The shared enrolment (fixtures.ts: enrolled 2026-01-10), at medium risk. */
const input: EnrolmentInput = {
  ...enrolmentInput,
  caseCode: 'SK-2026-0007',
  // Medium risk: one checkpoint a month for six months, so consecutive checkpoints are a month apart.
  riskLevel: 'medium',
  baseline: { education: 'at_risk', housing: 'stable', health: 'stable', vocational_training: 'critical' },
};

/** The enrolled child and its schedule: due 02-10, 03-10, 04-10, 05-10, … ; grace ends 14 days after each. */
function enrolled(): { child: Child; checkpoints: Checkpoint[] } {
  return enrol({ ...input, childId: 'child-1', recordKey: 17, caseWorkerId: 'worker-1', organisationId: 'org-1' }, stampAt(ENROLLED_AT));
}

/** The schedule with the first checkpoints set to the given statuses, in due order; the rest stay scheduled. */
function withStatuses(checkpoints: readonly Checkpoint[], statuses: readonly CheckpointStatus[]): Checkpoint[] {
  return checkpoints.map((c, i) => (i < statuses.length ? { ...c, status: statuses[i]! } : c));
}

/** The day after the n-th checkpoint's grace ended (1-based): it and every earlier one are past grace. */
const dayAfterGraceOf = (checkpoints: readonly Checkpoint[], n: number) => addDays(checkpoints[n - 1]!.graceEndsOn, 1);

function flagOf(child: Child, type: Flag['type'], checkpoint: Checkpoint, status: FlagStatus = 'open'): Flag {
  const subject = type === 'lost_contact' ? flagSubject.lostContact(checkpoint.checkpointId) : flagSubject.missedVisit(checkpoint.checkpointId);
  const raised = raiseFlag(
    child,
    { subject, type, severity: type === 'lost_contact' ? 'high' : 'medium', evidence: { checkpointId: checkpoint.checkpointId, dueOn: checkpoint.dueOn } },
    stampAt('2026-03-01T09:00:00.000Z'),
  );
  return { ...raised, status };
}

const plan = (child: Child, checkpoints: readonly Checkpoint[], flags: readonly Flag[], today: string): MissPlan =>
  planMisses(child, checkpoints, flags, today, stampAt(SWEPT_AT));

const missedIds = (p: MissPlan) => p.missed.map((m) => m.checkpoint.checkpointId);
const raisedSubjects = (p: MissPlan) => p.raised.map((f) => f.subject);

describe('planMisses: grace edges — a scheduled checkpoint is overdue only when today is after its grace end', () => {
  it('on the grace end day itself the checkpoint is not missed and nothing is raised', () => {
    const { child, checkpoints } = enrolled();
    const today = checkpoints[0]!.graceEndsOn;
    expect(today).toBe('2026-02-24');
    expect(plan(child, checkpoints, [], today)).toEqual({ missed: [], raised: [], stillMissed: [], created: [], stillScheduled: [] });
  });

  it('on the day after the grace end it is missed: stored as missed, with the status it was read with and the sweep’s time', () => {
    const { child, checkpoints } = enrolled();
    const first = checkpoints[0]!;
    const result = plan(child, checkpoints, [], '2026-02-25');
    expect(result.missed).toEqual([{ checkpoint: { ...first, status: 'missed', updatedAt: SWEPT_AT }, statusRead: 'scheduled' }]);
  });

  it('a checkpoint past its due date but still inside its grace period is not missed', () => {
    const { child, checkpoints } = enrolled();
    expect(plan(child, checkpoints, [], addDays(checkpoints[0]!.dueOn, 1)).missed).toEqual([]);
  });
});

describe('planMisses: one missed_visit flag (medium) per missed checkpoint', () => {
  it('a single miss raises exactly one open missed_visit flag of severity medium, routed to the child’s municipality', () => {
    const { child, checkpoints } = enrolled();
    const first = checkpoints[0]!;
    const result = plan(child, checkpoints, [], dayAfterGraceOf(checkpoints, 1));
    expect(result.raised).toEqual([
      expect.objectContaining({
        subject: flagSubject.missedVisit(first.checkpointId),
        type: 'missed_visit',
        severity: 'medium',
        status: 'open',
        childId: 'child-1',
        caseCode: 'SK-2026-0007',
        municipalityId: 'skopje',
        organisationId: 'org-1',
        caseWorkerId: 'worker-1',
        raisedAt: SWEPT_AT,
        evidence: { checkpointId: first.checkpointId, dueOn: first.dueOn },
        history: [{ action: 'raised', at: SWEPT_AT, by: 'system', role: 'system' }],
      }),
    ]);
    expect(result.stillMissed).toEqual([]);
  });

  it('every missed checkpoint of a run gets its own missed_visit flag, with distinct flag ids', () => {
    const { child, checkpoints } = enrolled();
    const result = plan(child, withStatuses(checkpoints, ['completed', 'completed', 'completed']), [], dayAfterGraceOf(checkpoints, 5));
    expect(missedIds(result)).toEqual([checkpoints[3]!.checkpointId, checkpoints[4]!.checkpointId]);
    const missedVisits = result.raised.filter((f) => f.type === 'missed_visit');
    expect(missedVisits.map((f) => f.subject)).toEqual(missedIds(result).map(flagSubject.missedVisit));
    expect(missedVisits.every((f) => f.severity === 'medium')).toBe(true);
    expect(new Set(result.raised.map((f) => f.flagId)).size).toBe(result.raised.length);
  });
});

describe('planMisses: lost_contact (high) on the second consecutive miss', () => {
  it('both misses in the same run: two missed_visit flags and one lost_contact on the second checkpoint', () => {
    const { child, checkpoints } = enrolled();
    const [first, second] = checkpoints as [Checkpoint, Checkpoint];
    const result = plan(child, checkpoints, [], dayAfterGraceOf(checkpoints, 2));
    expect(missedIds(result)).toEqual([first.checkpointId, second.checkpointId]);
    expect(raisedSubjects(result)).toEqual([
      flagSubject.missedVisit(first.checkpointId),
      flagSubject.missedVisit(second.checkpointId),
      flagSubject.lostContact(second.checkpointId),
    ]);
    expect(result.raised[2]).toMatchObject({
      type: 'lost_contact',
      severity: 'high',
      evidence: { checkpointId: second.checkpointId, dueOn: second.dueOn },
    });
    // Nothing it relies on was read as missed already: the checkpoints are written in the same transaction.
    expect(result.stillMissed).toEqual([]);
  });

  it('the previous checkpoint was missed in an earlier run: lost_contact is raised and the plan lists that checkpoint in stillMissed', () => {
    const { child, checkpoints } = enrolled();
    const schedule = withStatuses(checkpoints, ['missed']);
    const earlierFlag = flagOf(child, 'missed_visit', checkpoints[0]!);
    const result = plan(child, schedule, [earlierFlag], dayAfterGraceOf(checkpoints, 2));
    expect(missedIds(result)).toEqual([checkpoints[1]!.checkpointId]);
    expect(raisedSubjects(result)).toEqual([
      flagSubject.missedVisit(checkpoints[1]!.checkpointId),
      flagSubject.lostContact(checkpoints[1]!.checkpointId),
    ]);
    expect(result.stillMissed).toEqual([schedule[0]]);
  });

  it('the order checkpoints are read in does not matter: they are judged in due-date order', () => {
    const { child, checkpoints } = enrolled();
    const result = plan(child, [...checkpoints].reverse(), [], dayAfterGraceOf(checkpoints, 2));
    expect(missedIds(result)).toEqual([checkpoints[0]!.checkpointId, checkpoints[1]!.checkpointId]);
    expect(result.raised.filter((f) => f.type === 'lost_contact')).toHaveLength(1);
  });

  it('a single miss after a completed checkpoint is no lost_contact', () => {
    const { child, checkpoints } = enrolled();
    const result = plan(child, withStatuses(checkpoints, ['completed']), [], dayAfterGraceOf(checkpoints, 2));
    expect(raisedSubjects(result)).toEqual([flagSubject.missedVisit(checkpoints[1]!.checkpointId)]);
  });
});

describe('planMisses: a completed checkpoint between two misses breaks the run', () => {
  it.each<CheckpointStatus>(['completed', 'completed_late'])('missed, %s, then a new miss: no lost_contact', (between) => {
    const { child, checkpoints } = enrolled();
    const schedule = withStatuses(checkpoints, ['missed', between]);
    const result = plan(child, schedule, [flagOf(child, 'missed_visit', checkpoints[0]!)], dayAfterGraceOf(checkpoints, 3));
    expect(missedIds(result)).toEqual([checkpoints[2]!.checkpointId]);
    expect(result.raised.map((f) => f.type)).toEqual(['missed_visit']);
    expect(result.stillMissed).toEqual([]);
  });

  it('overdue, completed, overdue in the same run: two missed_visit flags, no lost_contact', () => {
    const { child, checkpoints } = enrolled();
    const schedule = withStatuses(checkpoints, ['scheduled', 'completed']);
    const result = plan(child, schedule, [], dayAfterGraceOf(checkpoints, 3));
    expect(missedIds(result)).toEqual([checkpoints[0]!.checkpointId, checkpoints[2]!.checkpointId]);
    expect(result.raised.map((f) => f.type)).toEqual(['missed_visit', 'missed_visit']);
  });
});

describe('planMisses: cancelled checkpoints are skipped when judging "consecutive"', () => {
  it('missed, cancelled, then a new miss: lost_contact, relying on the missed one before the cancelled one', () => {
    const { child, checkpoints } = enrolled();
    const schedule = withStatuses(checkpoints, ['missed', 'cancelled']);
    const result = plan(child, schedule, [flagOf(child, 'missed_visit', checkpoints[0]!)], dayAfterGraceOf(checkpoints, 3));
    expect(missedIds(result)).toEqual([checkpoints[2]!.checkpointId]);
    expect(raisedSubjects(result)).toEqual([
      flagSubject.missedVisit(checkpoints[2]!.checkpointId),
      flagSubject.lostContact(checkpoints[2]!.checkpointId),
    ]);
    expect(result.stillMissed).toEqual([schedule[0]]);
  });

  it('overdue, cancelled, overdue in the same run: lost_contact on the third checkpoint; the cancelled one is never marked', () => {
    const { child, checkpoints } = enrolled();
    const schedule = withStatuses(checkpoints, ['scheduled', 'cancelled']);
    const result = plan(child, schedule, [], dayAfterGraceOf(checkpoints, 3));
    expect(missedIds(result)).toEqual([checkpoints[0]!.checkpointId, checkpoints[2]!.checkpointId]);
    expect(raisedSubjects(result)).toContain(flagSubject.lostContact(checkpoints[2]!.checkpointId));
    expect(result.stillMissed).toEqual([]);
  });
});

describe('planMisses: one lost_contact at a time', () => {
  it('three misses in one run raise a single lost_contact (on the second), not one per pair', () => {
    const { child, checkpoints } = enrolled();
    const result = plan(child, checkpoints, [], dayAfterGraceOf(checkpoints, 3));
    expect(result.missed).toHaveLength(3);
    expect(result.raised.filter((f) => f.type === 'missed_visit')).toHaveLength(3);
    expect(result.raised.filter((f) => f.type === 'lost_contact').map((f) => f.subject)).toEqual([
      flagSubject.lostContact(checkpoints[1]!.checkpointId),
    ]);
  });

  it.each<FlagStatus>(['open', 'acknowledged'])('no second lost_contact while one is unresolved (%s)', (status) => {
    const { child, checkpoints } = enrolled();
    const schedule = withStatuses(checkpoints, ['missed', 'missed']);
    const flags = [
      flagOf(child, 'missed_visit', checkpoints[0]!),
      flagOf(child, 'missed_visit', checkpoints[1]!),
      flagOf(child, 'lost_contact', checkpoints[1]!, status),
    ];
    const result = plan(child, schedule, flags, dayAfterGraceOf(checkpoints, 3));
    expect(missedIds(result)).toEqual([checkpoints[2]!.checkpointId]);
    expect(result.raised.map((f) => f.type)).toEqual(['missed_visit']);
    expect(result.stillMissed).toEqual([]);
  });

  it('a new lost_contact once the earlier one was resolved', () => {
    const { child, checkpoints } = enrolled();
    const schedule = withStatuses(checkpoints, ['missed', 'missed']);
    const flags = [
      flagOf(child, 'missed_visit', checkpoints[0]!),
      flagOf(child, 'missed_visit', checkpoints[1]!),
      flagOf(child, 'lost_contact', checkpoints[1]!, 'resolved'),
    ];
    const result = plan(child, schedule, flags, dayAfterGraceOf(checkpoints, 3));
    expect(raisedSubjects(result)).toEqual([
      flagSubject.missedVisit(checkpoints[2]!.checkpointId),
      flagSubject.lostContact(checkpoints[2]!.checkpointId),
    ]);
    expect(result.stillMissed).toEqual([schedule[1]]);
  });
});

describe('planMisses: a flag subject that already exists is not raised again', () => {
  it('an existing missed_visit flag for the checkpoint: the checkpoint is still marked missed, no second flag', () => {
    const { child, checkpoints } = enrolled();
    const existing = flagOf(child, 'missed_visit', checkpoints[0]!, 'resolved');
    const result = plan(child, checkpoints, [existing], dayAfterGraceOf(checkpoints, 1));
    expect(missedIds(result)).toEqual([checkpoints[0]!.checkpointId]);
    expect(result.raised).toEqual([]);
  });

  it('an existing (resolved) lost_contact with the same subject is not raised again', () => {
    const { child, checkpoints } = enrolled();
    const existing = [flagOf(child, 'missed_visit', checkpoints[0]!), flagOf(child, 'missed_visit', checkpoints[1]!), flagOf(child, 'lost_contact', checkpoints[1]!, 'resolved')];
    const result = plan(child, withStatuses(checkpoints, ['missed']), existing, dayAfterGraceOf(checkpoints, 2));
    expect(missedIds(result)).toEqual([checkpoints[1]!.checkpointId]);
    expect(result.raised).toEqual([]);
    expect(result.stillMissed).toEqual([]);
  });
});

describe('planMisses: only scheduled checkpoints of active children are marked', () => {
  it.each<CheckpointStatus>(['completed', 'completed_late', 'missed', 'cancelled'])(
    'a %s checkpoint long past its grace end is never marked missed and raises nothing',
    (status) => {
      const { child, checkpoints } = enrolled();
      const schedule = withStatuses(checkpoints, [status]);
      const result = plan(child, schedule, [flagOf(child, 'missed_visit', checkpoints[0]!)], dayAfterGraceOf(checkpoints, 1));
      expect(result).toEqual({ missed: [], raised: [], stillMissed: [], created: [], stillScheduled: [] });
    },
  );

  it('a closed child yields an empty plan, whatever is overdue', () => {
    const { child, checkpoints } = enrolled();
    const closed: Child = { ...child, status: 'closed' };
    expect(plan(closed, checkpoints, [], '2027-06-20')).toEqual({ missed: [], raised: [], stillMissed: [], created: [], stillScheduled: [] });
  });
});

describe('isDueForEscalation: an open flag is escalated once, 7 days after it was raised', () => {
  const { child, checkpoints } = enrolled();
  const raisedAt = '2026-06-01T10:15:00.000Z';
  const base: Flag = { ...flagOf(child, 'missed_visit', checkpoints[0]!), raisedAt };
  const at = (ms: number) => new Date(Date.parse(raisedAt) + ms);

  it('an open flag exactly 7 days old is due', () => {
    expect(isDueForEscalation(base, at(7 * DAY_MS), 7)).toBe(true);
  });

  it('an open flag 7 days minus 1 ms old is not due', () => {
    expect(isDueForEscalation(base, at(7 * DAY_MS - 1), 7)).toBe(false);
  });

  it('the number of days is the configured one', () => {
    expect(isDueForEscalation(base, at(3 * DAY_MS), 3)).toBe(true);
    expect(isDueForEscalation(base, at(3 * DAY_MS), 4)).toBe(false);
  });

  it.each<FlagStatus>(['acknowledged', 'resolved'])('a flag that is %s is never due, however old', (status) => {
    expect(isDueForEscalation({ ...base, status }, at(365 * DAY_MS), 7)).toBe(false);
  });

  it('an already escalated flag is never due again', () => {
    expect(isDueForEscalation({ ...base, escalatedAt: '2026-06-08T10:15:00.000Z' }, at(365 * DAY_MS), 7)).toBe(false);
  });
});

describe('escalate: severity one step up (high stays high), an escalatedAt mark and a history entry', () => {
  const { child, checkpoints } = enrolled();
  const raisedAt = '2026-06-01T10:15:00.000Z';
  const flag: Flag = { ...flagOf(child, 'missed_visit', checkpoints[0]!), raisedAt, updatedAt: raisedAt };
  const stamp = stampAt('2026-06-08T10:15:00.000Z');

  it.each<[Severity, Severity]>([
    ['low', 'medium'],
    ['medium', 'high'],
    ['high', 'high'],
  ])('%s becomes %s', (from, to) => {
    expect(escalate({ ...flag, severity: from }, stamp).flag.severity).toBe(to);
  });

  it('marks escalatedAt, appends a system history entry, keeps the status open and guards on the updatedAt read', () => {
    const change = escalate(flag, stamp);
    expect(change.updatedAtRead).toBe(raisedAt);
    expect(change.flag).toMatchObject({ status: 'open', escalatedAt: stamp.at, updatedAt: stamp.at });
    expect(change.flag.history).toEqual([
      ...flag.history,
      { action: 'escalated', at: stamp.at, by: 'system', role: 'system', note: 'not acknowledged 7 days after it was raised' },
    ]);
    // The flag read is left untouched.
    expect(flag.history).toHaveLength(1);
    expect(flag.escalatedAt).toBeUndefined();
  });
});
