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

/** Milliseconds to load the bundle in a fresh node process, less a bare node start; the median of `runs`. */
function importMs(file: string, runs: number): number {
  const time = (args: string[]) => {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, args, { env: { ...process.env, AWS_REGION: 'eu-central-1' }, stdio: 'ignore' });
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const bare: number[] = [];
  const loaded: number[] = [];
  // Interleaved, so a burst of machine noise hits both alike.
  for (let i = 0; i < runs; i += 1) {
    bare.push(time(['-e', '0']));
    loaded.push(time(['-e', `require(${JSON.stringify(file)})`]));
  }
  return Math.round((median(loaded) - median(bare)) * 10) / 10;
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
