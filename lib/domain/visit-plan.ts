import { compareAssessments, pointsOf, type AssessmentPoint } from './assessments';
import type { Checkpoint, Child, LatestLevel, Stamp } from './case';
import type { Checked } from './checked';
import { flagSubject, isUnresolved, resolveAutomatically, type Flag, type FlagChange } from './flags';
import { keepFollowUp, type FollowUpWrites } from './follow-up';
import { fulfilment } from './fulfilment';
import { judgePersistentCritical } from './persistent-critical';
import { judgeRegressions } from './regression';
import type { CheckpointStatus } from './schedule';
import type { Visit, VisitInput } from './visits';

/** The latest level per domain once the visit is in: a late-arriving older visit changes nothing here. */
export function latestLevelsWith(
  latest: Child['latestLevels'],
  visit: Pick<Visit, 'visitId' | 'visitedOn' | 'assessments'>,
): Child['latestLevels'] {
  const next = { ...latest };
  for (const point of pointsOf(visit)) {
    const current = latest[point.domain];
    const currentPoint: AssessmentPoint = {
      domain: point.domain,
      level: current.level,
      assessedOn: current.assessedOn,
      ...(current.visitId ? { visitId: current.visitId } : {}),
    };
    // Stryker disable next-line EqualityOperator: equivalent — 0 is the very same assessment (date and visit id), whose level is already the latest
    if (compareAssessments(point, currentPoint) > 0) {
      next[point.domain] = { level: point.level, assessedOn: point.assessedOn, source: 'visit', visitId: visit.visitId } satisfies LatestLevel;
    }
  }
  return next;
}

/** Everything one logged visit changes, written in one transaction. */
export interface VisitPlan extends FollowUpWrites {
  visit: Visit;
  child: Child;
  points: AssessmentPoint[];
  fulfilled?: { checkpoint: Checkpoint; statusRead: CheckpointStatus };
  raised: Flag[];
  changed: FlagChange[];
}

/** A child's current state: its schedule, its trajectory and its flags. */
export interface CaseState {
  child: Child;
  checkpoints: readonly Checkpoint[];
  points: readonly AssessmentPoint[];
  flags: readonly Flag[];
}

/** A case state whose child the shared route handler found in the caller's scope: a visit is only ever planned for one. */
export interface CaseSnapshot extends CaseState {
  child: Checked<Child>;
}

/** Plans a valid, non-conflicting visit (see `visitViolations` and `visitConflict`). */
export function planVisit(snapshot: CaseSnapshot, input: VisitInput, recordedBy: string, stamp: Stamp): VisitPlan {
  const { child, checkpoints, points, flags } = snapshot;
  const found = fulfilment(checkpoints, input.visitedOn, input.checkpointId);
  const { checkpointId: _requested, ...fields } = input;
  const visit: Visit = {
    ...fields,
    visitId: stamp.newId(),
    childId: child.childId,
    ...(found ? { checkpointId: found.checkpoint.checkpointId } : {}),
    recordedBy,
    recordedAt: stamp.at,
  };
  const regressions = judgeRegressions(child, points, flags, visit, stamp);
  const persistence = judgePersistentCritical(child, points, flags, visit, stamp);
  const changed = [...regressions.changed, ...persistence.changed];
  if (found) {
    const missed = flags.find((f) => f.subject === flagSubject.missedVisit(found.checkpoint.checkpointId));
    if (missed && isUnresolved(missed)) {
      const how = found.status === 'completed' ? 'inside its window' : 'after its grace end';
      const reason = `checkpoint fulfilled by visit ${visit.visitId} of ${visit.visitedOn}, ${how}`;
      changed.push({ flag: resolveAutomatically(missed, reason, stamp), updatedAtRead: missed.updatedAt });
    }
  }
  const fulfilled = found && {
    checkpoint: { ...found.checkpoint, status: found.status, visitId: visit.visitId, updatedAt: stamp.at },
    statusRead: found.checkpoint.status,
  };
  return {
    visit,
    ...keepFollowUp(child, checkpoints, fulfilled ? { changed: [fulfilled.checkpoint] } : {}, stamp),
    child: { ...child, latestLevels: latestLevelsWith(child.latestLevels, visit), version: child.version + 1, updatedAt: stamp.at },
    points: pointsOf(visit),
    ...(fulfilled ? { fulfilled } : {}),
    raised: [...regressions.raised, ...persistence.raised],
    changed,
  };
}
