import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { ESBUILD_AS_DEPLOYED } from '../../infra/constructs/product-function';
import { REPO_ROOT } from '../../infra/paths';

/**
 * A function's bundle gives dynamodb-toolbox a `z` of only the zod functions its formatters call
 * (infra/bundling/zod/index.ts), so a function it calls and the `z` lacks would fail in AWS only: the tests and the
 * local runtime run on zod itself. These hold the bundle's `z` to the toolbox's calls, and compile every entity's
 * formatter inside a bundle built as the stack builds it.
 */

/** Builds `source` as the stack builds a function, and runs it as Lambda would load it. */
async function runBundled(source: string): Promise<Record<string, unknown>> {
  const result = await build({
    ...ESBUILD_AS_DEPLOYED,
    stdin: { contents: source, resolveDir: REPO_ROOT, loader: 'ts' },
    absWorkingDir: REPO_ROOT,
    write: false,
  });
  const exports: Record<string, unknown> = {};
  const module = { exports };
  new Function('module', 'exports', 'require', result.outputFiles[0]!.text)(module, exports, require);
  return module.exports;
}

describe('zod in a function bundle', () => {
  it('the bundle’s `z` has every zod function the toolbox’s code in a bundle calls', async () => {
    const { metafile } = await build({
      ...ESBUILD_AS_DEPLOYED,
      stdin: {
        contents: `export { formatterOf } from './lib/data/formatted-query'; export { ParsedPutTransaction } from './lib/data/parsed-put';`,
        resolveDir: REPO_ROOT,
        loader: 'ts',
      },
      absWorkingDir: REPO_ROOT,
      write: false,
      metafile: true,
    });
    const importers = Object.entries(metafile.inputs)
      .filter(([file, input]) => file.includes('node_modules/dynamodb-toolbox/') && input.imports.some((imported) => imported.original === 'zod'))
      .map(([file]) => path.join(REPO_ROOT, file));
    expect(importers.length).toBeGreaterThan(0);
    const called = new Set(importers.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bz\.([a-z]\w*)\(/g)].map((match) => match[1]!)));
    expect(called).toContain('object');
    const { functions } = await runBundled(`import { z } from 'zod'; export const functions = Object.keys(z).filter((name) => typeof (z as Record<string, unknown>)[name] === 'function');`);
    expect(functions).toEqual(expect.arrayContaining([...called]));
  });

  it('every entity’s zod formatter and parser compile inside a bundle, and format and parse a child', async () => {
    const { formatted } = await runBundled(`
      import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
      import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
      import { Entity } from 'dynamodb-toolbox/entity';
      import { createDb } from './lib/data/db';
      import { DOMAINS } from './lib/domain/domains';
      import { formatterOf } from './lib/data/formatted-query';
      import { ParsedPutTransaction } from './lib/data/parsed-put';
      import { ZodSchemer } from 'dynamodb-toolbox/schema/actions/zodSchemer';
      const db = createDb(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })), 'records');
      const child = { childId: 'c-1', caseCode: 'A-1', givenName: 'A', familyName: 'B', birthDate: '2012-01-01', sex: 'female',
        municipalityId: 'm', organisationId: 'o', caseWorkerId: 'w', riskLevel: 'high', enrolledOn: '2026-01-01', recordKey: 1,
        baseline: Object.fromEntries(DOMAINS.map((domain) => [domain, 'stable'])),
        latestLevels: Object.fromEntries(DOMAINS.map((domain) => [domain, { level: 'stable', assessedOn: '2026-01-01', source: 'baseline' }])), status: 'active', version: 1, createdAt: 'x', updatedAt: 'x', pk: 'CHILD#c-1', sk: 'CHILD', _et: 'Child' };
      const entities = Object.values(db).filter((value): value is Entity => value instanceof Entity);
      for (const entity of entities) {
        formatterOf(entity);
        new ZodSchemer(entity.schema).parser();
      }
      const { pk, sk, _et, ...given } = child;
      export const formatted = {
        entities: entities.length,
        child: formatterOf(db.children)(child),
        put: db.children.build(ParsedPutTransaction).item(given as never).params().Put.Item,
      };
    `);
    expect(formatted).toMatchObject({ entities: 22, child: { childId: 'c-1', status: 'active' }, put: { pk: 'CHILD#c-1', sk: 'CHILD', _et: 'Child', status: 'active' } });
  });
});
