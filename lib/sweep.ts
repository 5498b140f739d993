import { performance } from 'node:perf_hooks';
import { snapshotOutcomes } from './data/outcomes';
import { runSweep, type SweepReport } from './data/sweep';
import { stamp, today, type SweepDeps } from './deps';
import { addDays } from './domain/dates';
import { logger } from './logger';
import { flushMetrics, METRIC, metrics, MetricUnit } from './metrics';

/**
 * One run of the sweep with the world's clock and configuration; logged, reported as metrics, and returned to the
 * caller. Both the nightly schedule (functions/sweeps/scheduled.ts) and `POST /sweeps` come through here, so both
 * report, and a completion either way resets the dead-man's switch (infra/constructs/sweep.ts).
 */
export async function sweep(deps: SweepDeps, timeLeft: () => number): Promise<SweepReport & { outcomeCellsKept: number }> {
  // Real elapsed time, not the injected clock (which a demo may move).
  const started = performance.now();
  const day = today(deps);
  // Before tonight's writes: the figures as they stood at the end of yesterday, kept for `?asOf=` later.
  const outcomeCellsKept = await snapshotOutcomes(deps.db, addDays(day, -1));
  const run = await runSweep(deps.db, {
    today: day,
    now: deps.clock.now(),
    stamp: () => stamp(deps),
    escalationDays: deps.config.escalationDays,
    freshMonths: deps.config.freshMonths,
    timeLeft,
  });
  const report = { ...run, outcomeCellsKept };
  logger.info('sweep', { ...report });
  reportSweep(run, performance.now() - started);
  return report;
}

/** What the run did, as counts: zeros included, so a quiet night is a 0 on the dashboard, not a gap. */
function reportSweep(run: SweepReport, durationMs: number): void {
  metrics.addMetric(METRIC.checkpointsMissed, MetricUnit.Count, run.missed);
  metrics.addMetric(METRIC.sweepFlagsRaised, MetricUnit.Count, run.flagsRaised);
  metrics.addMetric(METRIC.sweepFlagsEscalated, MetricUnit.Count, run.escalated);
  metrics.addMetric(METRIC.sweepDuration, MetricUnit.Milliseconds, Math.round(durationMs));
  // Only a run that reached the end of every due list counts as done: a run cut short by time leaves work for the
  // next, and nights of runs cut short are as much a reason to look as nights without a run.
  if (run.complete) metrics.addMetric(METRIC.sweepCompleted, MetricUnit.Count, 1);
  flushMetrics();
}
