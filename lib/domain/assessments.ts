import type { Child, LatestLevel } from './case';
import type { IsoDate } from './dates';
import { DOMAINS, type Domain, type Level } from './domains';

/** One level of one domain at one date: a visit's assessment, or the baseline when `visitId` is absent. */
export interface AssessmentPoint {
  domain: Domain;
  level: Level;
  assessedOn: IsoDate;
  visitId?: string;
}

/**
 * Assessments in the order regression is judged in: by date, then by visit id (ULIDs, so two visits on one day
 * keep the order they were logged in). The baseline has no id and sorts as '', before any visit of its day.
 */
export function compareAssessments(a: AssessmentPoint, b: AssessmentPoint): number {
  return a.assessedOn.localeCompare(b.assessedOn) || (a.visitId ?? '').localeCompare(b.visitId ?? '');
}

/** What a visit assessed, as points of the domains' series. */
export function pointsOf(visit: { visitId: string; visitedOn: IsoDate; assessments: Partial<Record<Domain, { level: Level }>> }): AssessmentPoint[] {
  return DOMAINS.flatMap((domain) => {
    const assessment = visit.assessments[domain];
    return assessment ? [{ domain, level: assessment.level, assessedOn: visit.visitedOn, visitId: visit.visitId }] : [];
  });
}

/** The trajectory of one domain: the baseline, then every assessment, in judging order. */
export function seriesOf(
  child: Pick<Child, 'baseline' | 'enrolledOn'>,
  points: readonly AssessmentPoint[],
  domain: Domain,
): AssessmentPoint[] {
  const baseline: AssessmentPoint = { domain, level: child.baseline[domain], assessedOn: child.enrolledOn };
  return [baseline, ...points.filter((p) => p.domain === domain)].sort(compareAssessments);
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
