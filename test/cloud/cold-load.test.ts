import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { readSynthesizedAssembly } from './support/cloud-assembly';

/**
 * Issue 19: what a cold start loads. Every function of the synthesized stack is loaded from its bundle by a fresh
 * node, with the runtime's AWS SDK (here the project's), and the AWS clients it loaded before its first event are
 * listed. A client only some requests use (the Cognito directory, the event bus) is loaded by the request that uses
 * it: loading it with the function cost every cold start tens of milliseconds.
 */
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

async function clientsLoadedAtStart(bundle: string): Promise<string[]> {
  const script = `
    require(${JSON.stringify(bundle)});
    const clients = Object.keys(require.cache).map((file) => /@aws-sdk\\/(client-[a-z-]+)\\//.exec(file)?.[1]).filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(clients)].sort()));`;
  // Resolved from the project, as the runtime resolves its own SDK.
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), AWS_REGION: 'eu-central-1' } });
  return JSON.parse(stdout) as string[];
}

describe('cold start: each deployed function loads only the AWS clients every one of its invocations needs', () => {
  const assembly = readSynthesizedAssembly();

  it('no function loads the Cognito or EventBridge client before a request asks for it; DynamoDB, and the export its secret', async () => {
    // Four loads at a time: enough to finish quickly, few enough for two cores.
    const loaded: Array<readonly [string, string[]]> = [];
    // Every export reads the pseudonym key from Secrets Manager (lib/export-secret.ts).
    const needs = new Map(assembly.functions.map((fn) => [fn.description, fn.environment.EXPORT_PSEUDONYM_SECRET_ARN ? ['client-secrets-manager'] : []]));
    const queue = [...assembly.functions];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let fn = queue.shift(); fn; fn = queue.shift()) {
          loaded.push([fn.description, await clientsLoadedAtStart(path.join(fn.assetDir, 'index.js'))]);
        }
      }),
    );
    for (const [fn, clients] of loaded) expect([fn, clients.filter((client) => client !== 'client-dynamodb')]).toEqual([fn, needs.get(fn)]);
    expect([...needs.values()].flat()).toEqual(['client-secrets-manager']);
    // The check looks at something: the routes load the DynamoDB client at start.
    expect(loaded.filter(([, clients]) => clients.includes('client-dynamodb')).length).toBeGreaterThan(20);
  }, 180_000);

  /** The modules a deployed bundle was built from, as the source map the stack writes beside it lists them. */
  const modulesOf = (assetDir: string): string[] =>
    (JSON.parse(readFileSync(path.join(assetDir, 'index.js.map'), 'utf8')) as { sources: string[] }).sources;
  const tokenModules = (modules: readonly string[]) => modules.filter((file) => /node_modules\/jose\/|lib\/auth\/(tokens|cognito-directory)\.ts$/.test(file));

  it('the stream consumers and the sweep verify no token: their bundles hold no jose, no token verifier and no directory', () => {
    const consumers = new Map([...assembly.streams, ...assembly.schedules].map(({ fn }) => [fn.logicalId, fn]));
    const found = [...consumers.values()].map((fn) => [fn.description, tokenModules(modulesOf(fn.assetDir))] as const);
    expect(found).toEqual(found.map(([fn]) => [fn, []]));
    // Both stream consumers and the sweep are looked at, and a route's bundle shows what the check finds.
    expect(consumers.size).toBe(3);
    const route = assembly.routes.get('GET /children/{childId}')!;
    expect(tokenModules(modulesOf(route.assetDir))).toEqual(expect.arrayContaining([expect.stringMatching(/node_modules\/jose\//), expect.stringMatching(/lib\/auth\/tokens\.ts$/)]));
  });

  it('the flag-event publisher loads no AWS client at start, not even DynamoDB’s: it reads the stream record it is given', async () => {
    const publishers = assembly.streams.map(({ fn }) => fn).filter((fn) => fn.environment.EVENT_BUS_NAME);
    expect(publishers).toHaveLength(1);
    expect(await clientsLoadedAtStart(path.join(publishers[0]!.assetDir, 'index.js'))).toEqual([]);
  }, 60_000);
});
