import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_SCAN = { selector: "Identifier[name='ScanCommand']", message: 'No Scan: every access pattern is a key or index lookup.' };
const NO_CHECKED_CAST = {
  selector: "TSAsExpression TSTypeReference[typeName.name='Checked']",
  message: 'Only lib/auth/scope.ts makes a Checked record: declare the route’s scope and let the shared handler check it.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'coverage/', 'bench/tmp/', 'reports/', '.stryker-tmp/'] },
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
  // The one place a record becomes Checked, and the tests that stand in for it.
  { files: ['lib/auth/scope.ts', 'test/**'], rules: { 'no-restricted-syntax': ['error', NO_SCAN] } },
  { files: ['**/*.js', '**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  // The cloud tier's Lambda runtime stand-in: plain Node.js CommonJS, run by a bare `node` as AWS runs a bundle.
  {
    files: ['test/cloud/support/runtime/*.cjs'],
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
