import './quiet';
import * as z from 'zod';
import { benchRouteCpu } from './api';
import { TIMED_ROUTES } from './contract-floor';
import { medianOfRuns, type RouteCpu } from './cpu';
import { writeScratch } from './scratch';

/**
 * `npm run bench:cpu`: the product CPU per request of the timed routes (bench/cpu.ts) alone, several times over, so
 * that one commit can be compared with another without the whole bench. One run's figure is not evidence: the
 * median and the spread of the runs are. Writes bench/tmp/cpu.json.
 */
const settings = z
  .object({
    BENCH_CPU_RUNS: z.coerce.number().int().positive().default(3),
    BENCH_CPU_ITERATIONS: z.coerce.number().int().positive().default(3_000),
    /** Some of the timed routes only, by operationId, comma-separated (e.g. to profile one with --cpu-prof). */
    BENCH_CPU_ROUTES: z
      .string()
      .default(TIMED_ROUTES.join(','))
      .transform((s) => s.split(',')),
  })
  .parse(process.env);

async function main() {
  const runs: RouteCpu[][] = [];
  for (let run = 0; run < settings.BENCH_CPU_RUNS; run += 1) runs.push(await benchRouteCpu(16, settings.BENCH_CPU_ITERATIONS, settings.BENCH_CPU_ROUTES));
  const routes = medianOfRuns(runs);
  console.table(routes.map(({ productRuns, status: _status, ...route }) => ({ ...route, productRuns: productRuns.join(' ') })));
  console.log(`wrote ${writeScratch('cpu', { settings, routes })}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
