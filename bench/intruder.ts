import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as z from 'zod';
import { PERTURBATION_TABLES, type MaxNoise } from '../lib/domain/disclosure/perturbation-table';
import { disclosures, type Disclosure } from '../test/support/intruder';
import { askEverything, observationsOf, targetsOf, vulnerablePopulation, worldOf, type QuerySpace } from '../test/support/intruder-scenario';
import { seededRandom } from '../test/support/seeded-random';

/**
 * `npm run bench:intruder`: how often issue 14's intruder pins a count exactly, over many draws of record keys on
 * the population built to be vulnerable (test/support/intruder-scenario.ts). The test suite runs three fixed draws;
 * this measures the rate, because bounded noise with a published D can be pinned where the noises of several
 * answers all sit at their extremes. Writes bench/intruder-results.md.
 */

const settings = z
  .object({
    INTRUDER_SEEDS: z.coerce.number().int().positive().default(30),
    INTRUDER_MAX_NOISE: z
      .string()
      .default('2,3')
      .transform((s) => s.split(',').map((d) => Number(d) as MaxNoise)),
    /** Draws for the crossed query space, whose integer programs are several times larger. */
    INTRUDER_CROSSED_SEEDS: z.coerce.number().int().nonnegative().default(5),
  })
  .parse(process.env);

const K = 5;
type Kind = 'below k' | 'the new child' | 'a count of k or more';
const kindOf = (d: Disclosure): Kind => (d.description.startsWith('the new child') ? 'the new child' : d.truth < K ? 'below k' : 'a count of k or more');

async function main() {
  const started = Date.now();
  const rows: string[] = [];
  const examples = new Set<string>();
  const runs = [
    ...settings.INTRUDER_MAX_NOISE.map((maxNoise) => ({ space: 'api' as QuerySpace, maxNoise, seeds: settings.INTRUDER_SEEDS })),
    ...settings.INTRUDER_MAX_NOISE.map((maxNoise) => ({ space: 'crossed' as QuerySpace, maxNoise, seeds: settings.INTRUDER_CROSSED_SEEDS })),
  ].filter((run) => run.seeds > 0);
  for (const { space, maxNoise, seeds } of runs) {
    const rules = { k: K, table: PERTURBATION_TABLES[maxNoise] };
    const populationsWith = new Map<Kind, number>();
    let targets = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const random = seededRandom(seed);
      const population = vulnerablePopulation(() => Math.floor(random() * 256));
      const asked = askEverything(population, rules, space);
      const aimed = targetsOf(population, asked);
      targets = aimed.length;
      const found = await disclosures(worldOf(), observationsOf(asked), aimed, rules);
      for (const kind of new Set(found.map(kindOf))) populationsWith.set(kind, (populationsWith.get(kind) ?? 0) + 1);
      for (const d of found.slice(0, 6)) examples.add(`${space}, D = ${maxNoise}, keys of seed ${seed}: ${d.description} = ${d.value}`);
      if (found.length > 6) examples.add(`${space}, D = ${maxNoise}, keys of seed ${seed}: … ${found.length - 6} more`);
      process.stdout.write(`${space} D=${maxNoise} seed ${seed}: ${found.length} pinned\n`);
    }
    const of = (kind: Kind) => `${populationsWith.get(kind) ?? 0} / ${seeds}`;
    rows.push(`| ${space} | ${maxNoise} | ${targets} | ${of('below k')} | ${of('the new child')} | ${of('a count of k or more')} |`);
  }
  const cpus = os.cpus();
  const text = [
    '# Intruder results (`npm run bench:intruder`)',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus[0]?.model.trim() ?? 'unknown'} × ${cpus.length}, Node ${process.version}, in ${Math.round((Date.now() - started) / 60_000)} min.`,
    '',
    `The population of test/support/intruder-scenario.ts (k = ${K}): 28 children of two sexes and two age bands, then one more; every filter combination on both days; the intruder knows D, k, that one child was added and that no level changed, and solves integer programs for every count an answer covers. Query space \`api\`: what \`/outcomes\` accepts (sex and age band only with the cohort, no breakdown); \`crossed\`: every filter crossed with every other, as it would be without that rule. Each row: populations (draws of record keys) in which at least one count of that kind was pinned to one value.`,
    '',
    '| query space | D | targets per population | a count below k pinned | a fact about the new child pinned | a count of k or more pinned |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    examples.size ? 'What was pinned:' : 'Nothing was pinned.',
    '',
    ...[...examples].map((e) => `- ${e}`),
    '',
  ].join('\n');
  writeFileSync(path.join(__dirname, 'intruder-results.md'), text);
  process.stdout.write(text);
}

void main();
