/**
 * Writes test/durations.json, the time each test file took in a full run, for jest's sequencer (test/sequencer.js):
 *
 *   npx jest --json --outputFile=/tmp/jest.json && tsx scripts/test-durations.ts /tmp/jest.json
 *
 * Only the order matters: the slowest files start first, so that no worker is left running one long file alone at
 * the end. Refresh it when files are added or change a lot.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const report = z.object({ testResults: z.array(z.object({ name: z.string(), startTime: z.number(), endTime: z.number() })) });

const [input] = process.argv.slice(2);
if (!input) throw new Error('usage: tsx scripts/test-durations.ts <jest --json output>');
const root = path.resolve(__dirname, '..');
const { testResults } = report.parse(JSON.parse(readFileSync(input, 'utf8')));
const durations = testResults
  .map(({ name, startTime, endTime }) => [path.relative(root, name), Math.round((endTime - startTime) / 100) * 100] as const)
  .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
writeFileSync(path.join(root, 'test/durations.json'), `${JSON.stringify(Object.fromEntries(durations), null, 2)}\n`);
