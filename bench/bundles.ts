import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { routeList } from '../lib/api/routes';
import { ESBUILD_AS_DEPLOYED } from '../infra/constructs/product-function';
import { median, ratio, round1 } from './stats';

export interface BundleResult {
  entry: string;
  bytes: number;
  importMs: number;
  importRatio: number;
  /** Against the stack floor (STACK_FLOOR): the product's own share. */
  stackRatio: number;
}

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'bench', 'tmp', 'bundles');

const DOCUMENT_CLIENT = `
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
`;

/** What every function needs at the least: a DynamoDB document client. */
const BASELINE = `${DOCUMENT_CLIENT}
export const handler = async () => client.config.region;
`;

/**
 * A floor: the same document client, a dynamodb-toolbox table and entity with a query command, one schema of the zod
 * module given, a middy handler and, when asked, a Powertools logger, each put to its least use.
 */
const floorSource = ({ zod, logger }: { zod: string; logger: boolean }) => `
import middy from '@middy/core';
import { Entity, QueryCommand, Table, item, string } from 'dynamodb-toolbox';
import * as z from ${JSON.stringify(zod)};
${logger ? `import { Logger } from '@aws-lambda-powertools/logger';\nconst logger = new Logger({ serviceName: 'x' });` : ''}
${DOCUMENT_CLIENT}
const table = new Table({ name: 'x', partitionKey: { name: 'pk', type: 'string' }, sortKey: { name: 'sk', type: 'string' }, documentClient: client });
const entity = new Entity({ name: 'e', table, schema: item({ pk: string().key(), sk: string().key(), a: string() }) });
const input = z.object({ a: z.string() });
export const handler = middy(async (event: unknown) => {
  ${logger ? `logger.info('event');` : ''}
  return table.build(QueryCommand).entities(entity).query({ partition: input.parse(event).a }).params();
});
`;

/**
 * What the chosen stack loads at the least: the floor with the bundles' zod (classic, which the toolbox's zod
 * formatters pull in whole) and the Powertools logger. What a function adds beyond it is the product's own: its
 * schemas, its data layer, its token check.
 */
const STACK_FLOOR = floorSource({ zod: 'zod', logger: true });

/**
 * What no lever of issue 19 takes out of a function: the floor with zod/mini (the lighter zod, which the handlers
 * could use) and no logger. The Powertools logger and jose can be replaced, and classic zod could give way to
 * zod/mini; the client, the toolbox and middy cannot.
 */
const CORE_FLOOR = floorSource({ zod: path.join(ROOT, 'node_modules', 'zod', 'v4', 'mini', 'index.js'), logger: false });

/** The stream consumers and the scheduled sweep, which are not HTTP routes. */
const OTHER_ENTRIES = ['functions/streams/flag-events.ts', 'functions/streams/outcomes.ts', 'functions/sweeps/scheduled.ts'];

async function bundle(entry: string, outfile: string, sourcemap = false): Promise<number> {
  await build({
    ...(sourcemap ? { sourcemap: true, sourcesContent: false } : {}),
    ...ESBUILD_AS_DEPLOYED,
    entryPoints: [entry],
    outfile,
  });
  return statSync(outfile).size;
}

/** A bundle file to load, and the node options to load it with. */
interface Load {
  file: string;
  nodeOptions?: readonly string[];
}

/** Milliseconds a fresh node process takes to `require` the file, timed inside it (node's own start-up left out). */
function importMs({ file, nodeOptions = [] }: Load): number {
  const script = `const t = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  return Number(execFileSync(process.execPath, [...nodeOptions, '-e', script], { env: { ...process.env, AWS_REGION: 'eu-central-1' }, encoding: 'utf8' }));
}

/**
 * The median load time of each file over `runs` rounds; each round loads every file once, in turn, so a burst
 * of machine noise falls on all of them alike rather than on one bundle's runs.
 */
function medianImportMs(loads: readonly Load[], runs: number): number[] {
  const times = loads.map((): number[] => []);
  for (let round = 0; round < runs; round += 1) loads.forEach((load, i) => times[i]!.push(importMs(load)));
  return times.map((t) => round1(median(t)));
}

interface Floor {
  bytes: number;
  importMs: number;
  importRatio: number;
}

/**
 * Every function bundle built as the CDK stack builds it (same esbuild target, minification and externals),
 * its size, and the time a fresh node process takes to load it (compile and run its top level, as a cold
 * start does before the first event), against a bundle that only makes a DynamoDB document client.
 */
export interface BundleResults {
  baseline: { bytes: number; importMs: number };
  stackFloor: Floor;
  /** CORE_FLOOR: the libraries no lever takes out. */
  coreFloor: Floor;
  bundles: BundleResult[];
  /** `GET /children/{id}`'s bundle built with a source map and loaded with `--enable-source-maps`, as the stack once ran. */
  sourceMaps: { entry: string; importMs: number; importRatio: number };
}

export async function benchBundles(runs: number): Promise<BundleResults> {
  mkdirSync(OUT, { recursive: true });
  const [baseline, stackFloor, coreFloor] = await Promise.all(
    Object.entries({ baseline: BASELINE, 'stack-floor': STACK_FLOOR, 'core-floor': CORE_FLOOR }).map(async ([name, source]) => {
      const entry = path.join(OUT, `${name}.ts`);
      writeFileSync(entry, source);
      const file = path.join(OUT, `${name}.js`);
      return { file, bytes: await bundle(entry, file) };
    }),
  );

  const entries = [...new Set([...routeList.filter((r) => !r.localOnly).map((r) => r.handler), ...OTHER_ENTRIES])];
  const built: Array<{ entry: string; file: string; bytes: number }> = [];
  for (const entry of entries) {
    const file = path.join(OUT, `${entry.replace(/[/.]/g, '_')}.js`);
    built.push({ entry, file, bytes: await bundle(path.join(ROOT, entry), file) });
  }
  const mapped = { entry: 'functions/children/get.ts', file: path.join(OUT, 'with-source-map.js') };
  await bundle(path.join(ROOT, mapped.entry), mapped.file, true);
  const loads = [baseline!, stackFloor!, coreFloor!, ...built, { file: mapped.file, nodeOptions: ['--enable-source-maps'] }];
  const [baselineMs, floorMs, coreMs, ...ms] = medianImportMs(loads, runs) as [number, number, number, ...number[]];
  const mappedMs = ms.pop()!;
  return {
    baseline: { bytes: baseline!.bytes, importMs: baselineMs },
    stackFloor: { bytes: stackFloor!.bytes, importMs: floorMs, importRatio: ratio(floorMs, baselineMs) },
    coreFloor: { bytes: coreFloor!.bytes, importMs: coreMs, importRatio: ratio(coreMs, baselineMs) },
    bundles: built.map(({ entry, bytes }, i) => ({
      entry,
      bytes,
      importMs: ms[i]!,
      importRatio: ratio(ms[i]!, baselineMs),
      stackRatio: ratio(ms[i]!, floorMs),
    })),
    sourceMaps: { entry: mapped.entry, importMs: mappedMs, importRatio: ratio(mappedMs, baselineMs) },
  };
}
