import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { routeList } from '../lib/api/routes';
import { LAMBDA_BUNDLING } from '../infra/constructs/product-function';
import { median, ratio } from './stats';

export interface BundleResult {
  entry: string;
  bytes: number;
  importMs: number;
  importRatio: number;
}

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'tmp', 'bundles');

/** What every function needs at the least: a DynamoDB document client. */
const BASELINE = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => client.config.region;
`;

/** The stream consumers and the scheduled sweep, which are not HTTP routes. */
const OTHER_ENTRIES = ['functions/streams/flag-events.ts', 'functions/streams/outcomes.ts', 'functions/sweeps/scheduled.ts'];

async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: LAMBDA_BUNDLING.target,
    format: 'cjs',
    minify: LAMBDA_BUNDLING.minify,
    external: [...LAMBDA_BUNDLING.externalModules],
    logLevel: 'error',
  });
  return statSync(outfile).size;
}

/**
 * Milliseconds a fresh node process takes to `require` the bundle (compile and run its top level, as a cold
 * start does before the first event), timed inside that process so node's own start-up noise stays out; the
 * median of `runs`.
 */
function importMs(file: string, runs: number): number {
  const script = `const t = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, AWS_REGION: 'eu-central-1' }, encoding: 'utf8' });
    times.push(Number(out));
  }
  return Math.round(median(times) * 10) / 10;
}

/**
 * Every function bundle built as the CDK stack builds it (same esbuild target, minification and externals),
 * its size, and the time a fresh node process takes to load it, against a bundle that only makes a
 * DynamoDB document client.
 */
export async function benchBundles(runs: number): Promise<{ baseline: { bytes: number; importMs: number }; bundles: BundleResult[] }> {
  mkdirSync(OUT, { recursive: true });
  const baselineEntry = path.join(OUT, 'baseline.ts');
  writeFileSync(baselineEntry, BASELINE);
  const baselineFile = path.join(OUT, 'baseline.js');
  const baseline = { bytes: await bundle(baselineEntry, baselineFile), importMs: importMs(baselineFile, runs) };

  const entries = [...new Set([...routeList.filter((r) => !r.localOnly).map((r) => r.handler), ...OTHER_ENTRIES])];
  const bundles: BundleResult[] = [];
  for (const entry of entries) {
    const file = path.join(OUT, `${entry.replace(/[/.]/g, '_')}.js`);
    const bytes = await bundle(path.join(ROOT, entry), file);
    const ms = importMs(file, runs);
    bundles.push({ entry, bytes, importMs: ms, importRatio: ratio(ms, baseline.importMs) });
  }
  return { baseline, bundles };
}
