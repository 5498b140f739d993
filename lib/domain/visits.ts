import { newCheckpoints, type Checkpoint, type Child, type LatestLevel, type Stamp, type Violation } from './case';
import type { Checked } from './checked';
import { daysBetween, type IsoDate } from './dates';
import { DOMAINS, fallOf, type Domain, type Level } from './domains';
import {
  flagSubject,
  isUnresolved,
  raiseFlag,
  raisedOneStep,
  regressionSeverity,
  resolveAutomatically,
  type Flag,
  type FlagChange,
  SYSTEM_ACTOR,
} from './flags';
import { isOpen, rollingAfterSettling, type CheckpointStatus } from './schedule';
import { compareAssessments, pointsOf, seriesOf, type AssessmentPoint } from './assessments';
import { judgePersistentCritical } from './persistent-critical';

export const CONTACT_TYPES = ['home', 'school', 'office', 'phone', 'video', 'other'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

/** Domain indicators recorded beside the level, one set per domain (the single place to add one). */
export const INDICATOR_VALUES = {
  housingArrangement: ['family', 'kinship', 'foster_family', 'residential_care', 'independent', 'shelter', 'other'],
  vocationalStatus: ['none', 'training', 'apprenticeship', 'employed'],
} as const;

export interface DomainIndicators {
  education: { enrolled?: boolean; attending?: boolean };
  housing: { arrangement?: (typeof INDICATOR_VALUES.housingArrangement)[number]; safe?: boolean };
  health: { needsMet?: boolean; inTreatment?: boolean };
  vocational_training: { status?: (typeof INDICATOR_VALUES.vocationalStatus)[number] };
}

export type Assessment<D extends Domain = Domain> = { level: Level; note?: string; indicators?: DomainIndicators[D] };
export type Assessments = { [D in Domain]?: Assessment<D> };

export interface ChildView {
  /** The child's own rating of how things are going, 1 (very bad) to 5 (very good). */
  rating?: number;
  /** The child's own words. */
  words?: string;
}

export interface VisitInput {
  visitedOn: IsoDate;
  contactType: ContactType;
  assessments: Assessments;
  childView: ChildView;
  notes?: string;
  /** Fulfil this checkpoint; without it the window rule picks one, or none (an ad-hoc visit). */
  checkpointId?: string;
}

export interface Visit extends Omit<VisitInput, 'checkpointId'> {
  visitId: string;
  childId: string;
  /** The checkpoint the visit fulfilled, if any. */
  checkpointId?: string;
  recordedBy: string;
  recordedAt: string;
}

export function visitViolations(
  child: Pick<Child, 'enrolledOn'>,
  checkpoints: readonly Checkpoint[],
  input: Pick<VisitInput, 'visitedOn' | 'checkpointId'>,
  today: IsoDate,
): Violation[] {
  const violations: Violation[] = [];
  if (daysBetween(input.visitedOn, today) < 0) {
    violations.push({ path: 'body.visitedOn', message: 'must not be in the future' });
  }
  if (daysBetween(child.enrolledOn, input.visitedOn) < 0) {
    violations.push({ path: 'body.visitedOn', message: `must not be before enrolment (${child.enrolledOn})` });
  }
  if (input.checkpointId !== undefined) {
    const checkpoint = checkpoints.find((c) => c.checkpointId === input.checkpointId);
    if (!checkpoint) {
      violations.push({ path: 'body.checkpointId', message: 'is not a checkpoint of this child' });
    } else if (daysBetween(checkpoint.windowOpensOn, input.visitedOn) < 0) {
      violations.push({
        path: 'body.checkpointId',
        message: `the visit is before this checkpoint's window opens (${checkpoint.windowOpensOn})`,
      });
    }
  }
  return violations;
}

/** Why a valid visit cannot be recorded in the case's current state (409), if it cannot. */
export function visitConflict(
  child: Pick<Child, 'status'>,
  checkpoints: readonly Checkpoint[],
  input: Pick<VisitInput, 'checkpointId'>,
): string | undefined {
  if (child.status === 'closed') return 'The case is closed; it takes no more visits.';
  const requested = checkpoints.find((c) => c.checkpointId === input.checkpointId);
  if (requested && !isOpen(requested.status)) {
    return requested.visitId
      ? `Checkpoint ${requested.checkpointId} was already fulfilled by visit ${requested.visitId}.`
      : `Checkpoint ${requested.checkpointId} is ${requested.status}.`;
  }
  return undefined;
}

export interface Fulfilment {
  checkpoint: Checkpoint;
  status: Extract<CheckpointStatus, 'completed' | 'completed_late'>;
}

/**
 * The checkpoint a visit fulfils (DESIGN.md, Visits fulfil checkpoints). A named checkpoint is fulfilled
 * `completed` when the visit date is inside its window, `completed_late` after its grace end. Otherwise the
 * earliest open checkpoint whose window holds the visit date is `completed`, even one the sweep already
 * marked missed: the status follows the visit date, not the day it was logged. No such checkpoint: ad hoc.
 */
export function fulfilment(
  checkpoints: readonly Checkpoint[],
  visitedOn: IsoDate,
  checkpointId?: string,
): Fulfilment | undefined {
  const withinGrace = (c: Checkpoint) => daysBetween(visitedOn, c.graceEndsOn) >= 0;
  if (checkpointId !== undefined) {
    const checkpoint = checkpoints.find((c) => c.checkpointId === checkpointId);
    if (!checkpoint) return undefined;
    return { checkpoint, status: withinGrace(checkpoint) ? 'completed' : 'completed_late' };
  }
  const candidates = checkpoints
    .filter((c) => isOpen(c.status) && daysBetween(c.windowOpensOn, visitedOn) >= 0 && withinGrace(c))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  return candidates[0] && { checkpoint: candidates[0], status: 'completed' };
}

export interface RegressionJudgement {
  raised: Flag[];
  changed: FlagChange[];
}

type CaseOfVisit = Pick<
  Child,
  'childId' | 'caseCode' | 'municipalityId' | 'organisationId' | 'caseWorkerId' | 'baseline' | 'enrolledOn'
>;

/**
 * Regression (DESIGN.md, Flags): in each domain the new visit assesses, its level is judged against the
 * previous assessment by date (the baseline counts), and the next assessment, which had been judged against
 * an older one, is judged again against the new visit. A regression flag always states its visit's fall from
 * its current predecessor: raised when the visit is now a drop, re-stated when the predecessor changed, and
 * resolved automatically when the visit is no longer a drop, so the standing flags do not depend on the order
 * in which visits arrived. Resolved flags are history and stay as they are.
 */
export function judgeRegressions(
  child: CaseOfVisit,
  existing: readonly AssessmentPoint[],
  flags: readonly Flag[],
  visit: Pick<Visit, 'visitId' | 'visitedOn' | 'assessments'>,
  stamp: Stamp,
): RegressionJudgement {
  const judgement: RegressionJudgement = { raised: [], changed: [] };
  const flagsBySubject = new Map(flags.map((f) => [f.subject, f]));

  const judge = (point: AssessmentPoint & { visitId: string }, previous: AssessmentPoint) => {
    const subject = flagSubject.regression(point.visitId, point.domain);
    const current = flagsBySubject.get(subject);
    const isDrop = fallOf(previous.level, point.level) > 0;
    const evidence = {
      visitId: point.visitId,
      visitedOn: point.assessedOn,
      fromLevel: previous.level,
      toLevel: point.level,
      ...(previous.visitId ? { fromVisitId: previous.visitId } : {}),
      fromAssessedOn: previous.assessedOn,
    };
    if (!current) {
      if (!isDrop) return;
      const severity = regressionSeverity(previous.level, point.level);
      judgement.raised.push(
        raiseFlag(child, { subject, type: 'regression', domain: point.domain, severity, evidence }, stamp),
      );
      return;
    }
    const samePredecessor =
      // Stryker disable next-line ConditionalExpression: equivalent — visit ids are unique and only the baseline has none, so the same `fromVisitId` means the same date
      current.evidence.fromAssessedOn === previous.assessedOn &&
      current.evidence.fromVisitId === previous.visitId;
    // A flag the system resolved on an earlier re-judgement may stand again; one a person resolved stays resolved.
    const reopenable =
      // Stryker disable next-line ConditionalExpression: equivalent — only a resolved flag has a resolution (re-stating one drops it), so `automatic === true` alone decides
      current.status === 'resolved' &&
      // Stryker disable next-line OptionalChaining: equivalent — a resolved flag always has its resolution
      current.resolution?.automatic === true;
    if (samePredecessor || (!isUnresolved(current) && !(reopenable && isDrop))) return;
    const note = `an assessment of ${previous.assessedOn} logged later now precedes this visit`;
    let next: Flag;
    if (isDrop) {
      const { resolution: _withdrawn, ...unresolved } = current;
      next = {
        ...unresolved,
        status: reopenable ? 'open' : current.status,
        evidence,
        severity: restated(regressionSeverity(previous.level, point.level), current),
        history: [...current.history, { action: 'rejudged', at: stamp.at, ...SYSTEM_ACTOR, note }],
        updatedAt: stamp.at,
      };
    } else {
      next = resolveAutomatically(current, `no longer a fall: ${note} at ${previous.level}`, stamp);
    }
    judgement.changed.push({ flag: next, updatedAtRead: current.updatedAt });
  };

  for (const point of pointsOf(visit)) {
    const series = seriesOf(child, [...existing, point], point.domain);
    const at = series.findIndex((p) => p.visitId === point.visitId);
    judge({ ...point, visitId: visit.visitId }, series[at - 1]!);
    const successor = series[at + 1];
    if (successor?.visitId) judge({ ...successor, visitId: successor.visitId }, point);
  }
  return judgement;
}

/** A re-stated flag that was escalated keeps its escalation step. */
function restated(severity: Flag['severity'], flag: Flag): Flag['severity'] {
  return flag.escalatedAt ? raisedOneStep(severity) : severity;
}

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
export interface VisitPlan {
  visit: Visit;
  child: Child;
  points: AssessmentPoint[];
  fulfilled?: { checkpoint: Checkpoint; statusRead: CheckpointStatus };
  raised: Flag[];
  changed: FlagChange[];
  /** The rolling checkpoint due once the visit settled the case's latest one. */
  created: Checkpoint[];
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
  const rolling = found && rollingAfterSettling(child, checkpoints, found.checkpoint);
  return {
    visit,
    created: rolling ? newCheckpoints(child, [rolling], stamp) : [],
    child: { ...child, latestLevels: latestLevelsWith(child.latestLevels, visit), version: child.version + 1, updatedAt: stamp.at },
    points: pointsOf(visit),
    ...(found
      ? {
          fulfilled: {
            checkpoint: { ...found.checkpoint, status: found.status, visitId: visit.visitId, updatedAt: stamp.at },
            statusRead: found.checkpoint.status,
          },
        }
      : {}),
    raised: [...regressions.raised, ...persistence.raised],
    changed,
  };
}

/** Per domain, every level from the baseline on in judging order, and the latest one. */
export function timelineOf(child: Pick<Child, 'baseline' | 'enrolledOn' | 'latestLevels'>, points: readonly AssessmentPoint[]) {
  return Object.fromEntries(
    DOMAINS.map((domain) => [
      domain,
      {
        latest: child.latestLevels[domain],
        series: seriesOf(child, points, domain).map(({ level, assessedOn, visitId }) => ({
          level,
          assessedOn,
          source: visitId ? ('visit' as const) : ('baseline' as const),
          ...(visitId ? { visitId } : {}),
        })),
      },
    ]),
  ) as Record<Domain, { latest: LatestLevel; series: Array<Omit<LatestLevel, 'visitId'> & { visitId?: string }> }>;
}
