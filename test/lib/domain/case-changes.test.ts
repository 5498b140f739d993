import type { Checkpoint, Child } from '../../../lib/domain/case';
import { closureViolations, planCaseUpdate, planClosure } from '../../../lib/domain/case-changes';
import { flagSubject, raiseFlag, type Flag, type FlagStatus } from '../../../lib/domain/flags';
import { DEFAULT_POLICY, scheduleDueDates } from '../../../lib/domain/schedule';
import { inScope } from './fixtures';
import { LATER, enrolled, stampAt, withHistory } from './enrolled-case';

describe('planCaseUpdate: a new risk level replaces the future of the schedule, history is never rewritten', () => {
  const today = '2025-06-10'; // medium from 31 Jan: due 28 Feb, 31 Mar, 30 Apr, 31 May are past; 30 Jun … is future

  it('medium → high removes the future scheduled checkpoints and adds the high schedule’s due dates after today', () => {
    const { child, checkpoints } = enrolled();
    const history = withHistory(checkpoints, today);
    const change = planCaseUpdate(child, history, [], { riskLevel: 'high' }, today, stampAt(LATER, 'new'));
    expect(change.removed.map((c) => c.checkpointId)).toEqual(history.filter((c) => c.dueOn > today).map((c) => c.checkpointId));
    expect(change.added.map((c) => c.dueOn)).toEqual(scheduleDueDates('2025-01-31', 'high').filter((d) => d > today));
    expect(change.added).toHaveLength(18);
    expect(change.changed).toEqual([]);
  });

  it('the new checkpoints are scheduled, carry new ids and the update’s timestamp', () => {
    const { child, checkpoints } = enrolled();
    const change = planCaseUpdate(child, withHistory(checkpoints, today), [], { riskLevel: 'low' }, today, stampAt(LATER, 'new'));
    expect(change.added.map((c) => c.dueOn)).toEqual(['2025-07-31', '2025-10-31', '2026-01-31', '2026-07-31', '2027-01-31', '2028-01-31']);
    for (const c of change.added) {
      expect(c).toMatchObject({ status: 'scheduled', childId: 'child-1', createdAt: LATER, updatedAt: LATER, caseWorkerId: 'worker-1' });
      expect(c.checkpointId).toMatch(/^new-/);
    }
  });

  it('completed, missed and completed_late checkpoints are neither removed nor changed', () => {
    const { child, checkpoints } = enrolled();
    const history = checkpoints.map((c, i): Checkpoint =>
      c.dueOn <= today ? { ...c, status: (['completed', 'missed', 'completed_late', 'completed'] as const)[i % 4]! } : c,
    );
    const change = planCaseUpdate(child, history, [], { riskLevel: 'high' }, today, stampAt(LATER));
    const untouched = history.filter((c) => c.dueOn <= today).map((c) => c.checkpointId);
    expect(change.removed.some((c) => untouched.includes(c.checkpointId))).toBe(false);
    expect(change.changed).toEqual([]);
  });

  it('a scheduled checkpoint whose due date has passed (still in grace) is history: it stays', () => {
    const { child, checkpoints } = enrolled();
    const history = withHistory(checkpoints, '2025-05-30'); // due 31 May: still scheduled, grace ends 14 Jun
    const change = planCaseUpdate(child, history, [], { riskLevel: 'low' }, '2025-06-05', stampAt(LATER));
    expect(change.removed.map((c) => c.dueOn)).not.toContain('2025-05-31');
    expect(change.removed[0]!.dueOn).toBe('2025-06-30');
  });

  it('the child gets the new level, version + 1 and the update’s timestamp; nothing else changes', () => {
    const { child, checkpoints } = enrolled();
    const change = planCaseUpdate(child, checkpoints, [], { riskLevel: 'high' }, today, stampAt(LATER));
    expect(change.child).toEqual({ ...child, riskLevel: 'high', version: 2, updatedAt: LATER });
  });

  it('the same risk level again regenerates nothing', () => {
    const { child, checkpoints } = enrolled();
    const change = planCaseUpdate(child, checkpoints, [], { riskLevel: 'medium' }, today, stampAt(LATER));
    expect(change).toMatchObject({ removed: [], added: [], changed: [] });
    expect(change.child.version).toBe(2);
  });
});

describe('planCaseUpdate: a transfer to another case worker moves the open checkpoints with the case', () => {
  const today = '2025-06-10';

  it('every open (scheduled or missed) checkpoint is changed to the new case worker, with the status read kept for the write condition', () => {
    const { child, checkpoints } = enrolled();
    const history = withHistory(checkpoints, today).map((c) => (c.dueOn === '2025-03-31' ? { ...c, status: 'missed' as const } : c));
    const change = planCaseUpdate(child, history, [], { caseWorkerId: 'worker-2' }, today, stampAt(LATER));
    const open = history.filter((c) => c.status === 'scheduled' || c.status === 'missed');
    expect(change.changed.map((c) => c.checkpoint.checkpointId)).toEqual(open.map((c) => c.checkpointId));
    for (const { checkpoint, statusRead } of change.changed) {
      expect(checkpoint.caseWorkerId).toBe('worker-2');
      expect(checkpoint.updatedAt).toBe(LATER);
      expect(checkpoint.status).toBe(statusRead);
    }
    expect(change.changed.find((c) => c.checkpoint.dueOn === '2025-03-31')?.statusRead).toBe('missed');
    expect(change.child).toMatchObject({ caseWorkerId: 'worker-2', version: 2 });
    expect(change).toMatchObject({ removed: [], added: [] });
  });

  it('completed, completed_late and cancelled checkpoints stay with the case worker who did them', () => {
    const { child, checkpoints } = enrolled();
    const history = withHistory(checkpoints, today, 'completed_late');
    const change = planCaseUpdate(child, history, [], { caseWorkerId: 'worker-2' }, today, stampAt(LATER));
    const closedIds = history.filter((c) => c.dueOn <= today).map((c) => c.checkpointId);
    expect(change.changed.some((c) => closedIds.includes(c.checkpoint.checkpointId))).toBe(false);
  });

  it('does not alter the checkpoints it was given (it plans, the caller writes)', () => {
    const { child, checkpoints } = enrolled();
    const before = structuredClone(checkpoints);
    planCaseUpdate(child, checkpoints, [], { caseWorkerId: 'worker-2', riskLevel: 'high' }, today, stampAt(LATER));
    expect(checkpoints).toEqual(before);
  });

  it('a risk change and a transfer together: the new checkpoints belong to the new worker, the replaced ones are not also changed', () => {
    const { child, checkpoints } = enrolled();
    const history = withHistory(checkpoints, today).map((c) => (c.dueOn === '2025-04-30' ? { ...c, status: 'missed' as const } : c));
    const change = planCaseUpdate(child, history, [], { riskLevel: 'high', caseWorkerId: 'worker-2' }, today, stampAt(LATER));
    const removedIds = new Set(change.removed.map((c) => c.checkpointId));
    expect(change.added.every((c) => c.caseWorkerId === 'worker-2')).toBe(true);
    expect(change.changed.some((c) => removedIds.has(c.checkpoint.checkpointId))).toBe(false);
    expect(change.changed.map((c) => c.checkpoint.dueOn)).toEqual(['2025-04-30']);
  });

  it('the same case worker again moves nothing', () => {
    const { child, checkpoints } = enrolled();
    expect(planCaseUpdate(child, checkpoints, [], { caseWorkerId: 'worker-1' }, today, stampAt(LATER)).changed).toEqual([]);
  });

  it('a move to another municipality changes no checkpoint: checkpoints carry no municipality', () => {
    const { child, checkpoints } = enrolled();
    const change = planCaseUpdate(child, checkpoints, [], { municipalityId: 'bitola' }, today, stampAt(LATER));
    expect(change.child).toEqual({ ...child, municipalityId: 'bitola', version: 2, updatedAt: LATER });
    expect(change).toMatchObject({ removed: [], added: [], changed: [] });
  });

  it('a move to another municipality names it, so the write holds it to a known one; any other change names none', () => {
    const { child, checkpoints } = enrolled();
    expect(planCaseUpdate(child, checkpoints, [], { municipalityId: 'bitola' }, today, stampAt(LATER)).newMunicipalityId).toBe('bitola');
    expect(planCaseUpdate(child, checkpoints, [], { municipalityId: child.municipalityId }, today, stampAt(LATER))).not.toHaveProperty('newMunicipalityId');
    expect(planCaseUpdate(child, checkpoints, [], { riskLevel: 'high', caseWorkerId: 'worker-2' }, today, stampAt(LATER))).not.toHaveProperty('newMunicipalityId');
    expect(planClosure(child, checkpoints, { reason: 'other', outcome: 'unknown', closedOn: today }, 'worker-1', stampAt(LATER))).not.toHaveProperty('newMunicipalityId');
  });

  it('an empty update only bumps the version', () => {
    const { child, checkpoints } = enrolled();
    const change = planCaseUpdate(child, checkpoints, [], {}, today, stampAt(LATER));
    expect(change.child).toEqual({ ...child, version: 2, updatedAt: LATER });
    expect(change).toMatchObject({ removed: [], added: [], changed: [] });
  });
});

describe('planCaseUpdate: a transfer takes the unresolved flags along, so they reach whoever now answers for the child', () => {
  const today = '2025-06-10';
  const RAISED = '2025-05-20T08:00:00.000Z';

  function flagOf(child: Child, flagId: string, status: FlagStatus): Flag {
    const flag = raiseFlag(
      child,
      { subject: flagSubject.missedVisit(flagId), type: 'missed_visit', severity: 'medium', evidence: { checkpointId: flagId } },
      { at: RAISED, newId: () => flagId, policy: DEFAULT_POLICY },
    );
    return { ...flag, status };
  }

  it('a move to another municipality re-routes open and acknowledged flags there, recorded in their history', () => {
    const { child, checkpoints } = enrolled();
    const flags = [flagOf(child, 'f-open', 'open'), flagOf(child, 'f-ack', 'acknowledged')];
    const change = planCaseUpdate(child, checkpoints, flags, { municipalityId: 'bitola' }, today, stampAt(LATER));
    expect(change.flags.map((f) => f.flag.flagId)).toEqual(['f-open', 'f-ack']);
    for (const { flag, updatedAtRead } of change.flags) {
      expect(updatedAtRead).toBe(RAISED);
      expect(flag).toMatchObject({ municipalityId: 'bitola', caseWorkerId: 'worker-1', updatedAt: LATER });
      expect(flag.history.at(-1)).toMatchObject({ action: 'transferred', at: LATER, by: 'system', role: 'system' });
      expect(flag.history.at(-1)?.note).toContain('bitola');
    }
    expect(change.flags[1]!.flag.status).toBe('acknowledged');
  });

  it('a new case worker takes the unresolved flags along', () => {
    const { child, checkpoints } = enrolled();
    const change = planCaseUpdate(child, checkpoints, [flagOf(child, 'f-open', 'open')], { caseWorkerId: 'worker-2' }, today, stampAt(LATER));
    expect(change.flags).toHaveLength(1);
    expect(change.flags[0]!.flag).toMatchObject({ caseWorkerId: 'worker-2', municipalityId: 'skopje' });
    expect(change.flags[0]!.flag.history.at(-1)?.note).toContain('worker-2');
  });

  it('a move and a new case worker at once are both named in the flag’s history, one after the other', () => {
    const { child, checkpoints } = enrolled();
    const change = planCaseUpdate(child, checkpoints, [flagOf(child, 'f-open', 'open')], { municipalityId: 'bitola', caseWorkerId: 'worker-2' }, today, stampAt(LATER));
    expect(change.flags[0]!.flag.history.at(-1)?.note).toBe('case moved to municipality bitola; case reassigned to worker-2');
  });

  it('resolved flags are history: they stay where they were', () => {
    const { child, checkpoints } = enrolled();
    const change = planCaseUpdate(child, checkpoints, [flagOf(child, 'f-done', 'resolved')], { municipalityId: 'bitola', caseWorkerId: 'worker-2' }, today, stampAt(LATER));
    expect(change.flags).toEqual([]);
  });

  it('a change that moves nothing (risk level only, or the same worker and municipality) touches no flag', () => {
    const { child, checkpoints } = enrolled();
    const flags = [flagOf(child, 'f-open', 'open')];
    expect(planCaseUpdate(child, checkpoints, flags, { riskLevel: 'high' }, today, stampAt(LATER)).flags).toEqual([]);
    expect(planCaseUpdate(child, checkpoints, flags, { caseWorkerId: 'worker-1', municipalityId: 'skopje' }, today, stampAt(LATER)).flags).toEqual([]);
  });

  it('the original flags are not altered (it plans, the caller writes)', () => {
    const { child, checkpoints } = enrolled();
    const flags = [flagOf(child, 'f-open', 'open')];
    const before = structuredClone(flags);
    planCaseUpdate(child, checkpoints, flags, { municipalityId: 'bitola' }, today, stampAt(LATER));
    expect(flags).toEqual(before);
  });
});

describe('closureViolations: a case is closed on a day between its enrolment and today', () => {
  const { child } = enrolled();

  it.each([
    ['2025-06-01', 'today'],
    ['2025-03-15', 'a past day after enrolment'],
    ['2025-01-31', 'the enrolment day itself'],
  ])('closing on %s (%s) is accepted', (closedOn, _why) => {
    expect(closureViolations(child, closedOn, '2025-06-01')).toEqual([]);
  });

  it('closing tomorrow is rejected at body.closedOn', () => {
    expect(closureViolations(child, '2025-06-02', '2025-06-01')).toEqual([{ path: 'body.closedOn', message: 'must not be in the future' }]);
  });

  it('closing the day before enrolment is rejected at body.closedOn', () => {
    expect(closureViolations(child, '2025-01-30', '2025-06-01')).toEqual([{ path: 'body.closedOn', message: 'must not be before enrolledOn' }]);
  });
});

describe('planClosure: closing ends follow-up, history stays', () => {
  const today = '2025-06-10';
  const closure = { reason: 'reintegrated', outcome: 'reintegrated', closedOn: today };

  function closing(checkpoints: Checkpoint[], child: Child) {
    return planClosure(inScope(child), checkpoints, closure, 'supervisor-1', stampAt(LATER));
  }

  it('the child is closed with reason, outcome, who and when, at version + 1', () => {
    const { child, checkpoints } = enrolled();
    const change = closing(checkpoints, child);
    expect(change.child).toEqual({
      ...child,
      status: 'closed',
      closure: { ...closure, closedBy: 'supervisor-1', closedAt: LATER },
      version: 2,
      updatedAt: LATER,
    });
    // A closed case keeps no checkpoint scheduled: the closure relies on none.
    expect(change).toMatchObject({ removed: [], added: [], stillScheduled: [], flags: [] });
  });

  it('every scheduled checkpoint is cancelled with reason, time and who; statusRead is scheduled', () => {
    const { child, checkpoints } = enrolled();
    const history = withHistory(checkpoints, today);
    const change = closing(history, child);
    expect(change.changed).toHaveLength(history.filter((c) => c.status === 'scheduled').length);
    for (const { checkpoint, statusRead } of change.changed) {
      expect(statusRead).toBe('scheduled');
      expect(checkpoint.status).toBe('cancelled');
      expect(checkpoint.cancellation).toEqual({ reason: 'case closed', at: LATER, by: 'supervisor-1' });
      expect(checkpoint.updatedAt).toBe(LATER);
    }
  });

  it('a scheduled checkpoint whose due date passed but grace has not is cancelled too (no flag after closure)', () => {
    const { child, checkpoints } = enrolled();
    const history = withHistory(checkpoints, '2025-05-30'); // 31 May still scheduled, grace ends 14 Jun
    const change = closing(history, child);
    expect(change.changed.map((c) => c.checkpoint.dueOn)).toContain('2025-05-31');
  });

  it('completed, completed_late and missed checkpoints are history: not changed', () => {
    const { child, checkpoints } = enrolled();
    const history = checkpoints.map((c, i): Checkpoint =>
      c.dueOn <= today ? { ...c, status: (['completed', 'missed', 'completed_late'] as const)[i % 3]! } : c,
    );
    const past = history.filter((c) => c.dueOn <= today).map((c) => c.checkpointId);
    expect(closing(history, child).changed.some((c) => past.includes(c.checkpoint.checkpointId))).toBe(false);
  });

  it('closing again cancels nothing more: checkpoints already cancelled are not touched again', () => {
    const { child, checkpoints } = enrolled();
    const first = closing(checkpoints, child);
    const afterFirst = checkpoints.map((c) => first.changed.find((x) => x.checkpoint.checkpointId === c.checkpointId)?.checkpoint ?? c);
    expect(closing(afterFirst, first.child).changed).toEqual([]);
  });

  it('does not alter the checkpoints it was given', () => {
    const { child, checkpoints } = enrolled();
    const before = structuredClone(checkpoints);
    closing(checkpoints, child);
    expect(checkpoints).toEqual(before);
  });
});
