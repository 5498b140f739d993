import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The layer boundaries are lint rules (eslint.config.mjs): a file that crosses one fails `npm run lint`. Each case
 * lints a small fixture as if it were a file of that layer, through the project's own ESLint configuration (one
 * ESLint process for all of them: it loads the TypeScript configuration once).
 */
const ROOT = path.resolve(__dirname, '../..');
const LINT_ALL = `
const { ESLint } = require('eslint');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({ cwd: process.cwd() });
Promise.all(cases.map(async ([filePath, code]) => (await eslint.lintText(code, { filePath }))[0].messages.map((m) => m.ruleId ?? 'fatal')))
  .then((rules) => process.stdout.write(JSON.stringify(rules)));
`;

const importing = (from: string) => `import { thing } from '${from}';\nexport const used = thing;\n`;

const crossing: Array<[string, string]> = [
  ['lib/domain/fixture.ts', '../data/keys'],
  ['lib/domain/fixture.ts', '../http/problems'],
  ['lib/domain/fixture.ts', '../auth/principal'],
  ['lib/domain/disclosure/fixture.ts', '../../../infra/stack'],
  ['lib/data/fixture.ts', '../http/problems'],
  ['lib/data/entities/fixture.ts', '../../http/cursor'],
  ['lib/use-cases/children/fixture.ts', '../../http/problems'],
  ['functions/children/fixture.ts', '../../lib/data/cases'],
  ['functions/streams/fixture.ts', '../../lib/data/outcomes'],
  ['functions/children/fixture.ts', '../../lib/api/routes'],
  ['functions/children/fixture.ts', '../../lib/api/routes/index'],
  ['functions/system/openapi.ts', '../../lib/api/routes'],
  ['lib/use-cases/visits/fixture.ts', '../../api/routes'],
  ['lib/http/fixture.ts', '../api/routes'],
];
const allowed: Array<[string, string]> = [
  ['lib/domain/fixture.ts', './dates'],
  ['lib/data/fixture.ts', '../domain/errors'],
  ['lib/http/fixture.ts', '../data/transactions'],
  ['lib/use-cases/children/fixture.ts', '../../data/cases'],
  ['functions/children/fixture.ts', '../../lib/use-cases/children/update'],
  ['functions/children/fixture.ts', '../../lib/api/routes/children'],
];

let results: string[][];
beforeAll(() => {
  const input = JSON.stringify([...crossing, ...allowed].map(([file, from]) => [path.join(ROOT, file), importing(from)]));
  const run = spawnSync(process.execPath, ['-e', LINT_ALL], { cwd: ROOT, input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  results = JSON.parse(run.stdout) as string[][];
}, 60_000);

describe('the import boundaries between layers, enforced by lint', () => {
  it.each(crossing.map((c, i) => [...c, i] as const))('%s importing %s fails lint', (_file, _from, i) => {
    expect(results[i]).toContain('no-restricted-imports');
  });

  it.each(allowed.map((c, i) => [...c, crossing.length + i] as const))('%s importing %s is allowed', (_file, _from, i) => {
    expect(results[i]).not.toContain('no-restricted-imports');
  });
});
