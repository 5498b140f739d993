import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { ProductFunction } from '../../infra/constructs/product-function';
import { ReintegrationStack } from '../../infra/stack';
import { DEPS_OF_KIND } from '../../lib/deps/kinds';
import type { CfnTemplate } from '../cloud/iam/template';
import { readSynthesizedAssembly, TARGET } from '../cloud/support/cloud-assembly';

/**
 * Each function builds its dependencies from the environment the stack gives it, and only from that: the rule
 * whose breach crashed the sweep and the projector at start-up in AWS (they were built with the routes' token
 * verifier and never given its JWKS URL). The cloud tier runs the bundles; this checks every function in 40 ms.
 * Each function's kind is its construct's; its environment is the one in the template `cdk synth` wrote, found by
 * logical id. Building the stack takes about half a second here; synthesizing it again took five.
 */
let app: App;
let template: CfnTemplate;
let functions: Array<{ fn: ProductFunction; logicalId: string; environment: NodeJS.ProcessEnv }>;

beforeAll(() => {
  const assembly = readSynthesizedAssembly();
  template = assembly.template;
  const environments = new Map(assembly.functions.map((deployed) => [deployed.logicalId, deployed.environment]));
  app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'cdk.out-deps-test-')), context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new ReintegrationStack(app, TARGET.stackName);
  functions = stack.node
    .findAll()
    .filter((c): c is ProductFunction => c instanceof ProductFunction)
    .map((fn) => {
      const logicalId = Stack.of(fn).getLogicalId(fn.node.defaultChild as never);
      const environment = environments.get(logicalId);
      if (!environment) throw new Error(`${fn.node.path} (${logicalId}) is not a function of the synthesized template`);
      return { fn, logicalId, environment };
    });
});

afterAll(() => rmSync(app.outdir, { recursive: true, force: true }));

test('every Lambda function of the template is a product function with a declared kind', () => {
  const lambdas = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function').map(([id]) => id);
  expect(functions.map((f) => f.logicalId).sort()).toEqual(lambdas.sort());
  expect(new Set(functions.map((f) => f.fn.kind))).toEqual(new Set(Object.keys(DEPS_OF_KIND)));
});

test('each function builds its dependencies from its own template environment, with nothing from this process', () => {
  const failures: string[] = [];
  for (const { fn, environment } of functions) {
    try {
      DEPS_OF_KIND[fn.kind](environment);
    } catch (error) {
      failures.push(`${fn.node.path} (${fn.kind}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  expect(failures).toEqual([]);
});

test('functions of one kind are given the same variables, so a new one cannot reach some and miss others', () => {
  const namesByKind = new Map<string, Set<string>>();
  for (const { fn, environment } of functions) {
    // What a route declares it `uses` (lib/api/routes/) is its own on purpose.
    const names = Object.keys(environment).filter((name) => !['EXPORT_PSEUDONYM_SECRET_ARN', 'USER_POOL_ID'].includes(name)).sort().join(',');
    namesByKind.set(fn.kind, (namesByKind.get(fn.kind) ?? new Set()).add(names));
  }
  for (const [kind, variants] of namesByKind) expect({ kind, variants: [...variants] }).toEqual({ kind, variants: [expect.any(String)] });
});
