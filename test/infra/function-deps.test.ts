import { FUNCTION_KIND_METADATA } from '../../infra/constructs/product-function';
import { DEPS_OF_KIND, type FunctionKind } from '../../lib/deps/kinds';
import { readSynthesizedAssembly, type CloudAssembly } from '../cloud/support/cloud-assembly';

/**
 * Each function builds its dependencies from the environment the stack gives it, and only from that: the rule
 * whose breach crashed the sweep and the projector at start-up in AWS (they were built with the routes' token
 * verifier and never given its JWKS URL). The cloud tier runs the bundles; this checks every function in 40 ms,
 * on the template `cdk synth` wrote, where ProductFunction records each function's kind (FUNCTION_KIND_METADATA).
 */
let assembly: CloudAssembly;
let functions: Array<{ logicalId: string; description: string; kind: unknown; environment: NodeJS.ProcessEnv }>;

const isKind = (kind: unknown): kind is FunctionKind => typeof kind === 'string' && Object.hasOwn(DEPS_OF_KIND, kind);

beforeAll(() => {
  assembly = readSynthesizedAssembly();
  functions = assembly.functions.map(({ logicalId, description, environment }) => ({
    logicalId,
    description,
    kind: assembly.template.Resources[logicalId]!.Metadata?.[FUNCTION_KIND_METADATA],
    environment,
  }));
});

test('every Lambda function of the template is a product function with a declared kind', () => {
  // `functions` is every AWS::Lambda::Function of the template; only a ProductFunction records a kind.
  expect(functions.filter((f) => !isKind(f.kind)).map((f) => `${f.logicalId}: ${String(f.kind)}`)).toEqual([]);
  expect(new Set(functions.map((f) => f.kind))).toEqual(new Set(Object.keys(DEPS_OF_KIND)));
});

test('each function builds its dependencies from its own template environment, with nothing from this process', () => {
  const failures: string[] = [];
  for (const { logicalId, description, kind, environment } of functions) {
    if (!isKind(kind)) throw new Error(`${logicalId} declares no kind`);
    try {
      DEPS_OF_KIND[kind](environment);
    } catch (error) {
      failures.push(`${logicalId}, ${description} (${kind}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  expect(failures).toEqual([]);
});

test('functions of one kind are given the same variables, so a new one cannot reach some and miss others', () => {
  const namesByKind = new Map<unknown, Set<string>>();
  for (const { kind, environment } of functions) {
    // What a route declares it `uses` (lib/api/routes/) is its own on purpose.
    const names = Object.keys(environment).filter((name) => !['EXPORT_PSEUDONYM_SECRET_ARN', 'USER_POOL_ID'].includes(name)).sort().join(',');
    namesByKind.set(kind, (namesByKind.get(kind) ?? new Set()).add(names));
  }
  for (const [kind, variants] of namesByKind) expect({ kind, variants: [...variants] }).toEqual({ kind, variants: [expect.any(String)] });
});
