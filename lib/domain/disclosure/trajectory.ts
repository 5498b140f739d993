import { DOMAINS, type Domain } from '../domains';
import type { Tally } from '../outcomes';
import { SUPPRESSED, type Figure } from './cell-key';
import type { Suppressor } from './suppressor';

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
