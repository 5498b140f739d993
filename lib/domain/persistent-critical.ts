import type { Child, Stamp } from './case';
import { pointsOf, seriesOf, type AssessmentPoint } from './assessments';
import type { Domain, Level } from './domains';
import { canonicalJson } from '../canonical-json';
import { flagSubject, isUnresolved, raiseFlag, resolveAutomatically, SYSTEM_ACTOR, type Flag, type FlagChange, type FlagEvidence } from './flags';

/**
 * `persistent_critical` (DESIGN.md v2, "Follow-up that does not go silent"): a domain assessed `critical` at two
 * consecutive assessments (the baseline counts) raises one high flag, even with no fall, which regression alone
 * would never see. Judged on the domain's whole series by date, as regression is, so the standing flags do not
 * depend on the order visits arrive in:
 * - a run of consecutive critical assessments raises one flag, anchored at the run's first assessment; a longer
 *   run, or a late critical visit inside or before the run, raises nothing more, and the flag is re-stated to
 *   name the run's first two criticals, as a regression flag names its current predecessor;
 * - a late visit that is not critical, logged between two criticals, breaks the run: its flag is resolved
 *   automatically (and stands again if a later-logged critical mends the run), and a run still standing after it
 *   gets its own flag;
 * - a run broken later by a visit that is not critical is a new episode: two criticals again raise a new flag.
 */

type CaseOfVisit = Pick<Child, 'childId' | 'caseCode' | 'municipalityId' | 'organisationId' | 'caseWorkerId' | 'baseline' | 'enrolledOn'>;

/** The baseline has no visit id: its anchor is the word `baseline`. */
const anchorOf = (point: AssessmentPoint) => point.visitId ?? 'baseline';

/** What a flag states of its run: the run's first two critical assessments. */
function evidenceOf([first, second]: AssessmentPoint[]): FlagEvidence {
  return {
    ...(second!.visitId ? { visitId: second!.visitId } : {}),
    visitedOn: second!.assessedOn,
    fromLevel: first!.level,
    toLevel: second!.level,
    ...(first!.visitId ? { fromVisitId: first!.visitId } : {}),
    fromAssessedOn: first!.assessedOn,
  };
}

/** Runs of two or more consecutive critical assessments in a series. */
function criticalRuns(series: readonly AssessmentPoint[]): AssessmentPoint[][] {
  const runs: AssessmentPoint[][] = [];
  let run: AssessmentPoint[] = [];
  for (const point of [...series, undefined]) {
    if (point?.level === 'critical') {
      run.push(point);
      continue;
    }
    if (run.length >= 2) runs.push(run);
    run = [];
  }
  return runs;
}

export function judgePersistentCritical(
  child: CaseOfVisit,
  existing: readonly AssessmentPoint[],
  flags: readonly Flag[],
  visit: { visitId: string; visitedOn: string; assessments: Partial<Record<Domain, { level: Level }>> },
  stamp: Stamp,
): { raised: Flag[]; changed: FlagChange[] } {
  const raised: Flag[] = [];
  const changed: FlagChange[] = [];
  for (const point of pointsOf(visit)) {
    const { domain } = point;
    const runs = criticalRuns(seriesOf(child, [...existing, point], domain));
    const flagsOfDomain = flags.filter((f) => f.type === 'persistent_critical' && f.domain === domain);
    const anchorOfFlag = (flag: Flag) => flag.subject.slice(flagSubject.persistentCritical(domain, '').length);
    const inRun = (run: AssessmentPoint[], flag: Flag) => run.some((p) => anchorOf(p) === anchorOfFlag(flag));

    for (const run of runs) {
      const evidence = evidenceOf(run);
      const flag = flagsOfDomain.find((f) => inRun(run, f));
      if (!flag) {
        const subject = flagSubject.persistentCritical(domain, anchorOf(run[0]!));
        raised.push(raiseFlag(child, { subject, type: 'persistent_critical', domain, severity: 'high', evidence }, stamp));
      } else {
        // The run changed under a flag: it states the run's first two criticals; one the system resolved when the
        // run was broken stands again (one a person resolved stays resolved).
        const reopened =
          // Stryker disable next-line ConditionalExpression: equivalent — only a resolved flag has a resolution (re-stating one drops it)
          flag.status === 'resolved' &&
          // Stryker disable next-line OptionalChaining: equivalent — a resolved flag always has its resolution
          flag.resolution?.automatic === true;
        if (!reopened && (!isUnresolved(flag) || canonicalJson(flag.evidence) === canonicalJson(evidence))) continue;
        const { resolution: _withdrawn, ...unresolved } = flag;
        const note = `an assessment of ${point.assessedOn} logged later is now part of this run`;
        changed.push({
          flag: {
            ...(reopened ? unresolved : flag),
            ...(reopened ? { status: 'open' as const } : {}),
            evidence,
            history: [...flag.history, { action: 'rejudged', at: stamp.at, ...SYSTEM_ACTOR, note }],
            updatedAt: stamp.at,
          },
          updatedAtRead: flag.updatedAt,
        });
      }
    }
    for (const flag of flagsOfDomain) {
      if (!isUnresolved(flag) || runs.some((run) => inRun(run, flag))) continue;
      const reason = `no longer critical at two consecutive assessments: an assessment of ${point.assessedOn} logged later breaks the run`;
      changed.push({ flag: resolveAutomatically(flag, reason, stamp), updatedAtRead: flag.updatedAt });
    }
  }
  return { raised, changed };
}
