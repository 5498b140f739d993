import './quiet';
import * as z from 'zod';
import { benchRouteCpu } from './api';
import { TIMED_ROUTES } from './contract-floor';
import type { RouteCpu } from './cpu';
import { writeScratch } from './scratch';
import { median } from './stats';

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
  const routes = runs[0]!.map(({ operationId }, i) => {
    const of = (field: 'handlerUs' | 'sdkUs' | 'productUs') => runs.map((run) => run[i]![field]).sort((a, b) => a - b);
    return { operationId, handlerUs: median(of('handlerUs')), sdkUs: median(of('sdkUs')), productUs: median(of('productUs')), productRuns: of('productUs') };
  });
  console.table(routes.map(({ productRuns, ...route }) => ({ ...route, productRuns: productRuns.join(' ') })));
  console.log(`wrote ${writeScratch('cpu', { settings, routes })}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
