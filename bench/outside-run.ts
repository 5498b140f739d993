import './quiet';
import * as z from 'zod';
import { benchOutside } from './outside';
import { writeScratch } from './scratch';

/**
 * `npm run bench:outside`: `GET /children/{childId}` from outside against GetItem ∥ PutItem (bench/outside.ts) alone,
 * several times over; writes bench/tmp/outside.json. `npm run bench` runs it once, into its results.
 */
const settings = z
  .object({
    BENCH_OUTSIDE_RUNS: z.coerce.number().int().positive().default(3),
    BENCH_OUTSIDE_REQUESTS: z.coerce.number().int().positive().default(2_000),
  })
  .parse(process.env);

async function main() {
  const runs = [];
  for (let run = 0; run < settings.BENCH_OUTSIDE_RUNS; run += 1) {
    const result = await benchOutside(settings.BENCH_OUTSIDE_REQUESTS);
    console.log(JSON.stringify(result));
    runs.push(result);
  }
  console.log(`p50 ratios: ${runs.map((r) => r.ratio.p50).join(' ')}; wrote ${writeScratch('outside', { settings, runs })}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
