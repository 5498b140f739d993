import { pointsOf, seriesOf, type AssessmentPoint } from './assessments';
import type { Child, Stamp } from './case';
import { fallOf } from './domains';
import { flagSubject, isUnresolved, raiseFlag, raisedOneStep, regressionSeverity, resolveAutomatically, type Flag, type FlagChange, SYSTEM_ACTOR } from './flags';
import type { Visit } from './visits';

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
