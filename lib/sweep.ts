import { runSweep, type SweepReport } from './data/sweep';
import { stamp, today, type Deps } from './deps';
import { logger } from './logger';

/** One run of the sweep with the world's clock and configuration; logged, and returned to the caller. */
export async function sweep(deps: Deps, timeLeft: () => number): Promise<SweepReport> {
  const report = await runSweep(deps.db, {
    today: today(deps),
    now: deps.clock.now(),
    stamp: () => stamp(deps),
    escalationDays: deps.config.escalationDays,
    timeLeft,
  });
  logger.info('sweep', { ...report });
  return report;
}
