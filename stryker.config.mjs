// Mutation testing of the domain (issue 20): `npm run mutation`. Decisions in docs/decisions.md, "Issue 20".
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['lib/domain/**/*.ts'],
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.mutation.config.js',
    // Only the test files that import the mutated file run for a mutant (jest --findRelatedTests).
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  // Two cores shared with other work: one test process.
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // The bar of issue 20 is checked per file by scripts/mutation-scores.ts; Stryker's own break is the overall one.
  thresholds: { high: 90, low: 85, break: null },
  timeoutMS: 10000,
};
