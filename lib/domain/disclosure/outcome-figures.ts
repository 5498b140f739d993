import { CLOSURE_OUTCOMES, type ClosureOutcome } from '../case';
import { DOMAINS, type Domain } from '../domains';
import { REPORTED_LEVELS, medianDays, type ReportedLevel, type Tally } from '../outcomes';
import { SUPPRESSED, perturbed, type DisclosureRules, type Figure } from './cell-key';
import type { Suppressor } from './suppressor';

export interface OutcomeFigures {
  children: Figure;
  domains: Record<Domain, { levels: Record<ReportedLevel, Figure>; reintegratedShare: Figure }>;
  reintegratedAllShare: Figure;
  sustainedShare: Figure;
  /** Children with a current reintegration plan (its review day not passed), among the children. */
  currentPlanShare: Figure;
  /** Of the children with a current plan, those whose plan was made with them taking part; null with no such child. */
  planWithChildShare: Figure | null;
  visitCompliance: Figure;
  regressionRate: Figure;
  lostToFollowUp: Figure;
  /** Closed as deceased or moved abroad: out of every denominator above, counted apart. */
  exited: Figure;
  /** Closed cases still in the denominators, by the outcome recorded at closure. */
  closureOutcomes: Record<ClosureOutcome, Figure>;
  medianDaysToResolve: Figure | null;
}

/** The median of the days-to-resolve histogram with each bin perturbed by its own cell key. */
function perturbedMedian({ contribution, keys }: Tally, rules: DisclosureRules): number | undefined {
  const bins = Object.entries(contribution.resolutionDays).map(
    ([days, n]) => [days, perturbed(n, keys.resolutionDays[days] ?? 0, rules.table)] as const,
  );
  return medianDays(Object.fromEntries(bins));
}

/** The figures of one population, suppressed under `prefix`; `hideAll` when the population itself is hidden. */
export function figuresOf(tally: Tally, s: Suppressor, prefix: string, hideAll = false): OutcomeFigures {
  const { contribution: total, keys } = tally;
  const at = (path: string) => `${prefix}${path}`;
  const n = total.children;
  const children: [number, number] = [n, keys.children];
  const populationHidden = hideAll || s.released(...children) === SUPPRESSED;
  const domains = Object.fromEntries(
    DOMAINS.map((domain) => {
      const counts = total.levels[domain];
      const shown = Object.fromEntries(REPORTED_LEVELS.map((level) => [level, s.released(counts[level], keys.levels[domain][level])]));
      const hidden = populationHidden ? new Set<string>(REPORTED_LEVELS) : s.complementary(shown);
      const levels = Object.fromEntries(
        REPORTED_LEVELS.map((level) => [
          level,
          s.count(at(`domains.${domain}.levels.${level}`), counts[level], keys.levels[domain][level], hidden.has(level)),
        ]),
      ) as Record<ReportedLevel, Figure>;
      const reintegrated: [number, number] = [total.reintegrated[domain], keys.reintegrated[domain]];
      const applicable: [number, number] = [total.applicable[domain], keys.applicable[domain]];
      const sharesHidden = populationHidden || SHARE_LEVELS.some((level) => hidden.has(level));
      return [domain, { levels, reintegratedShare: s.share(at(`domains.${domain}.reintegratedShare`), reintegrated, applicable, sharesHidden) }];
    }),
  ) as OutcomeFigures['domains'];
  const resolved = Object.values(total.resolutionDays).reduce((sum, x) => sum + x, 0);
  const resolvedKeys = Object.values(keys.resolutionDays).reduce((sum, x) => sum + x, 0);
  const median = perturbedMedian(tally, s.rules);
  return {
    children: s.count(at('children'), n, keys.children, hideAll),
    domains,
    reintegratedAllShare: s.share(at('reintegratedAllShare'), [total.reintegratedAll, keys.reintegratedAll], children, populationHidden),
    sustainedShare: s.share(at('sustainedShare'), [total.sustained, keys.sustained], children, populationHidden),
    currentPlanShare: s.share(at('currentPlanShare'), [total.currentPlan, keys.currentPlan], children, populationHidden),
    // Over no plan at all the share says nothing: null, as the median of no resolved flag is, not "suppressed".
    planWithChildShare:
      !populationHidden && s.released(total.currentPlan, keys.currentPlan) === 0
        ? null
        : s.share(at('planWithChildShare'), [total.planWithChild, keys.planWithChild], [total.currentPlan, keys.currentPlan], populationHidden),
    visitCompliance: s.share(
      at('visitCompliance'),
      [total.checkpointsInTime, keys.checkpointsInTime],
      [total.checkpointsDue, keys.checkpointsDue],
      populationHidden,
    ),
    regressionRate: s.share(at('regressionRate'), [total.regressed, keys.regressed], children, populationHidden),
    lostToFollowUp: s.count(at('lostToFollowUp'), total.lostToFollowUp, keys.lostToFollowUp, populationHidden),
    exited: s.count(at('exited'), total.exited, keys.exited, hideAll),
    closureOutcomes: Object.fromEntries(
      CLOSURE_OUTCOMES.map((o) => [
        o,
        s.count(at(`closureOutcomes.${o}`), total.closureOutcomes[o], keys.closureOutcomes[o], populationHidden),
      ]),
    ) as Record<ClosureOutcome, Figure>,
    medianDaysToResolve:
      median === undefined || s.released(resolved, resolvedKeys) === 0
        ? null
        : populationHidden || s.released(resolved, resolvedKeys) === SUPPRESSED
          ? s.hide(at('medianDaysToResolve'))
          : median,
  };
}

/**
 * The levels a domain's share can be worked back from, with the children and the other levels: where one of them is
 * hidden, the share is too.
 */
const SHARE_LEVELS: readonly ReportedLevel[] = ['stable', 'thriving', 'not_applicable'];

export interface TrajectoryPoint {
  monthsSinceEnrolment: number;
  observed: Figure;
  reintegratedShare: Record<Domain, Figure>;
}

export function trajectoryOf({ contribution, keys }: Tally, s: Suppressor): TrajectoryPoint[] {
  const months = Object.keys(contribution.trajectory).map(Number);
  // Stryker disable next-line MethodExpression,ArrowFunction,ArithmeticOperator: equivalent — Object.keys lists whole-number keys in ascending order already
  const ordered = months.sort((a, b) => a - b);
  const points = ordered.map((month) => {
    const row = contribution.trajectory[String(month)]!;
    const rowKeys = keys.trajectory[String(month)];
    const observed: [number, number] = [row.observed, rowKeys?.observed ?? 0];
    const hidden = s.released(...observed) === SUPPRESSED;
    return {
      monthsSinceEnrolment: month,
      observed: s.count(`trajectory.${month}.observed`, ...observed),
      reintegratedShare: Object.fromEntries(
        DOMAINS.map((d) => [
          d,
          s.share(
            `trajectory.${month}.reintegratedShare.${d}`,
            [row.reintegrated[d], rowKeys?.reintegrated[d] ?? 0],
            [row.applicable[d], rowKeys?.applicable[d] ?? 0],
            hidden,
          ),
        ]),
      ) as Record<Domain, Figure>,
    };
  });
  // The months after the last one with a shown number of children followed would only say, exactly, how long the
  // longest-followed few were followed: they are left out, and so are their names in `suppressed`.
  const last = points.findLastIndex(
    (point) =>
      // Stryker disable next-line ConditionalExpression: equivalent — `'suppressed' > 0` is false as well
      typeof point.observed === 'number' &&
      point.observed > 0,
  );
  for (const point of points.slice(last + 1)) s.forget(`trajectory.${point.monthsSinceEnrolment}.`);
  return points.slice(0, last + 1);
}
