import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_SCAN = { selector: "Identifier[name='ScanCommand']", message: 'No Scan: every access pattern is a key or index lookup.' };
const NO_CHECKED_CAST = {
  selector: "TSAsExpression TSTypeReference[typeName.name='Checked']",
  message: 'Only lib/auth/scope.ts makes a Checked record: declare the route’s scope and let the shared handler check it.',
};

/**
 * The layers (docs/decisions.md, "Issue 18"): the domain is pure and imports no other layer; the data layer raises
 * domain errors and knows nothing of HTTP; a use case (lib/use-cases) raises domain errors too; a handler is wiring
 * and reaches the data only through a use case. test/lib/lint-boundaries.test.ts proves a violation fails lint.
 */
const layer = (message, ...layers) => ({ regex: `(^|/)(${layers.join('|')})(/|$)`, message });
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const DOMAIN_BOUNDARY = layer('The domain is pure: it imports nothing of data, http, auth or infra.', 'data', 'http', 'auth', 'infra');
const DATA_BOUNDARY = layer('The data layer raises domain errors (lib/domain/errors.ts) and imports nothing of http.', 'http');
const USE_CASE_BOUNDARY = layer('A use case raises domain errors (lib/domain/errors.ts) and imports nothing of http.', 'http');
const HANDLER_BOUNDARY = layer('A handler calls a use case (lib/use-cases) and imports no data module.', 'data');
/** Issue 19: a function's bundle builds the schemas of what it imports, so what runs in a function imports one route. */
const ROUTE_TABLE = {
  regex: '(^|/)api/routes(/index)?$',
  message: 'Import your route from its resource module (lib/api/routes/<resource>.ts): the whole table would put every route’s schemas in this bundle.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.build/', '.data/', 'coverage/', 'bench/tmp/', 'reports/', '.stryker-tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-syntax': ['error', NO_SCAN, NO_CHECKED_CAST],
    },
  },
  { files: ['lib/domain/**/*.ts'], rules: restrict(DOMAIN_BOUNDARY) },
  { files: ['lib/data/**/*.ts'], rules: restrict(DATA_BOUNDARY, ROUTE_TABLE) },
  { files: ['lib/use-cases/**/*.ts'], rules: restrict(USE_CASE_BOUNDARY, ROUTE_TABLE) },
  { files: ['lib/http/**/*.ts', 'lib/auth/**/*.ts', 'lib/events/**/*.ts'], rules: restrict(ROUTE_TABLE) },
  { files: ['functions/**/*.ts'], rules: restrict(HANDLER_BOUNDARY, ROUTE_TABLE) },
  // The one place a record becomes Checked, and the tests that stand in for it.
  { files: ['lib/auth/scope.ts', 'test/**'], rules: { 'no-restricted-syntax': ['error', NO_SCAN] } },
  // The tools' configuration files are CommonJS, which loads a module with require().
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The cloud tier's Lambda runtime stand-in: plain Node.js CommonJS, run by a bare `node` as AWS runs a bundle.
  {
    files: ['test/cloud/support/runtime/*.cjs'],
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly' } },
  },
);
