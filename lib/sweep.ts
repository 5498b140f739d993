import { snapshotOutcomes } from './data/outcomes';
import { runSweep, type SweepReport } from './data/sweep';
import { stamp, today, type SweepDeps } from './deps';
import { addDays } from './domain/dates';
import { logger } from './logger';

/** One run of the sweep with the world's clock and configuration; logged, and returned to the caller. */
export async function sweep(deps: SweepDeps, timeLeft: () => number): Promise<SweepReport & { outcomeCellsKept: number }> {
  const day = today(deps);
  // Before tonight's writes: the figures as they stood at the end of yesterday, kept for `?asOf=` later.
  const outcomeCellsKept = await snapshotOutcomes(deps.db, addDays(day, -1));
  const run = await runSweep(deps.db, {
    today: day,
    now: deps.clock.now(),
    stamp: () => stamp(deps),
    escalationDays: deps.config.escalationDays,
    timeLeft,
  });
  const report = { ...run, outcomeCellsKept };
  logger.info('sweep', { ...report });
  return report;
}
