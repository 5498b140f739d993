import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync, type Metafile } from 'esbuild';
import { openApiDocument } from '../../lib/api/openapi';
import { routeKey, type NamedRoute } from '../../lib/api/route';
import { routeList, routes } from '../../lib/api/routes';
import { ESBUILD_AS_DEPLOYED } from '../../infra/constructs/product-function';
import { readSynthesizedAssembly } from './support/cloud-assembly';

/**
 * Issue 19: a function builds the schemas of what its bundle holds, at every cold start. Each handler imports its own
 * route from its resource's module (lint forbids the table, eslint.config.mjs), and the schemas are pure constants,
 * so the bundle drops every other route's. No function holds the whole table or zod-openapi: the contract's function
 * serves the document the stack wrote when it was synthesized.
 */
const ROOT = path.resolve(__dirname, '../..');

interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}
const contract = openApiDocument(routeList) as unknown as OpenApi;

/** The named schemas an operation's document refers to, and those they refer to in turn. */
function namedSchemasOf(route: NamedRoute): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        const id = key === '$ref' && typeof value === 'string' ? value.replace('#/components/schemas/', '') : undefined;
        if (id === undefined) visit(value);
        else if (!found.has(id)) {
          found.add(id);
          visit(contract.components.schemas[id]);
        }
      }
    }
  };
  visit(contract.paths[route.path]![route.method.toLowerCase()]);
  return found;
}

/** A route's own request and response schemas, by their id in the contract. */
function topSchemasOf(route: NamedRoute): string[] {
  const { body, query } = route.request;
  const answers = Object.values(route.responses).map((spec) => ('json' in spec ? spec.json : undefined));
  return [body, query, ...answers].flatMap((schema) => (schema?.meta() as { id?: string } | undefined)?.id ?? []);
}

/** Schemas others are built from (`.extend`, `.pick`): building this route's builds them, though the contract inlines them. */
const BUILT_FROM: Readonly<Record<string, readonly string[]>> = { ChildDetail: ['Child'], Caseload: ['Child'] };

const othersSchemas = (route: NamedRoute): string[] => {
  const own = namedSchemasOf(route);
  for (const id of [...own]) for (const base of BUILT_FROM[id] ?? []) own.add(base);
  return [...new Set(routeList.filter((other) => other !== route).flatMap(topSchemasOf))].filter((id) => !own.has(id));
};

/** A message only zod-openapi's document generator holds. */
const ZOD_OPENAPI_MARK = 'Failed to unwrap ZodObject from type';

describe('a route function’s bundle holds its own route’s schemas, not the table’s', () => {
  const assembly = readSynthesizedAssembly();
  const bundleOf = (route: NamedRoute): string => {
    const fn = assembly.functions.find((candidate) => candidate.description === `${routeKey(route)} (${route.operationId})`);
    if (!fn) throw new Error(`no deployed function for ${route.operationId}`);
    return readFileSync(path.join(fn.assetDir, 'index.js'), 'utf8');
  };
  const schemaIdsIn = (bundle: string): Set<string> => new Set([...bundle.matchAll(/\bid:"([A-Za-z]+)"/g)].map((match) => match[1]!));

  it.each(routeList.map((route) => [route.operationId, route] as const))(
    'the deployed %s builds no other route’s request or response schema, and carries no OpenAPI generator',
    (_operationId, route) => {
      const bundle = bundleOf(route);
      const present = schemaIdsIn(bundle);
      expect(othersSchemas(route).filter((id) => present.has(id))).toEqual([]);
      expect(bundle).not.toContain(ZOD_OPENAPI_MARK);
      // The check reads real schemas: the route's own are there.
      for (const id of topSchemasOf(route)) expect(present).toContain(id);
    },
  );

  it('a bundle of the route table with the generator holds every route’s schemas and the generator: the check above can fail', () => {
    const { outputFiles } = buildSync({
      ...ESBUILD_AS_DEPLOYED,
      stdin: {
        contents: "import { routeList } from './lib/api/routes';\nimport { openApiDocument } from './lib/api/openapi';\nexport const contract = () => openApiDocument(routeList);\n",
        resolveDir: ROOT,
        loader: 'ts',
      },
      absWorkingDir: ROOT,
      write: false,
      outfile: 'index.js',
    });
    const bundle = outputFiles[0]!.text;
    const present = schemaIdsIn(bundle);
    expect(routeList.flatMap(topSchemasOf).filter((id) => !present.has(id))).toEqual([]);
    expect(bundle).toContain(ZOD_OPENAPI_MARK);
  });

  it('the contract’s function ships the contract the stack wrote from the route table, beside its bundle', () => {
    const fn = assembly.functions.find((candidate) => candidate.description === `${routeKey(routes.getOpenApi)} (${routes.getOpenApi.operationId})`)!;
    expect(JSON.parse(readFileSync(path.join(fn.assetDir, 'openapi.json'), 'utf8'))).toEqual(contract);
  });

  it('by esbuild’s metafile, each handler takes code from its own resource’s route module only, never the table’s', () => {
    const routeModule = /^lib\/api\/routes\/(?!callers\.ts)/;
    const taken = (metafile: Metafile): string[] =>
      Object.entries(Object.values(metafile.outputs)[0]!.inputs)
        .filter(([file, input]) => routeModule.test(file) && input.bytesInOutput > 0)
        .map(([file]) => file);
    for (const route of routeList) {
      const { metafile } = buildSync({
        ...ESBUILD_AS_DEPLOYED,
        entryPoints: [path.join(ROOT, route.handler)],
        absWorkingDir: ROOT,
        write: false,
        metafile: true,
        outfile: 'index.js',
      });
      const resource = route.handler.split('/')[1];
      expect([route.operationId, taken(metafile)]).toEqual([route.operationId, [`lib/api/routes/${resource}.ts`]]);
      expect(Object.keys(metafile.inputs).filter((file) => file.includes('zod-openapi'))).toEqual([]);
    }
  }, 120_000);
});
