/**
 * Four projects: fast unit tests, integration tests on DynamoDB Local, CDK template assertions, and the cloud tier
 * (every synthesized function run from its bundle in cdk.out with the template's environment, docs/cloud-tier.md).
 * The infra and cloud projects read one cloud assembly, synthesized by `cdk synth` before their first test
 * (test/support/synth-setup.ts; once, since jest runs each global setup module once): `--selectProjects infra` runs it too.
 */
// swc strips the types (tsc --noEmit checks them, beside jest in `npm test`) and turns ESM into CommonJS.
const swc = (syntax) => ['@swc/jest', { jsc: { parser: { syntax }, target: 'es2022' }, module: { type: 'commonjs' } }];
const transform = {
  '^.+\\.ts$': swc('typescript'),
  '^.+\\.js$': swc('ecmascript'),
};
const common = {
  transform,
  // middy 6 and jose 6 are ESM-only: let swc turn them into CommonJS like the rest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testEnvironment: 'node',
  // Stryker's sandboxes (npm run mutation) hold a copy of the project: not modules of this one.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};
const synthesizedAssembly = {
  globalSetup: '<rootDir>/test/support/synth-setup.ts',
  globalTeardown: '<rootDir>/test/support/synth-teardown.ts',
};

module.exports = {
  // Jest's default on two cores is one worker (cores − 1): every file runs in band, one after the other. Two
  // workers keep both cores busy: the integration files wait on DynamoDB Local and HTTP while another file computes.
  maxWorkers: 2,
  // Slowest files first, from jest's cache or, on a fresh clone, from a recorded run (test/sequencer.js).
  testSequencer: '<rootDir>/test/sequencer.js',
  // A worker is restarted once it holds this much after a file (CDK synths and the intruder's solver leave heaps).
  workerIdleMemoryLimit: '1GB',
  // `npm run coverage`: V8's own counters (no instrumented copy of each file), over the code the product ships and runs.
  coverageProvider: 'v8',
  // infra/bundling is what esbuild gives the bundles in zod's place: run inside bundles (test/infra/zod-for-bundles.test.ts),
  // never loaded by jest.
  collectCoverageFrom: ['lib/**/*.ts', 'functions/**/*.ts', 'local/**/*.ts', 'infra/**/*.ts', '!infra/bundling/**'],
  coverageReporters: ['text-summary', 'json-summary'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/{lib,functions,local}/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFiles: [...common.setupFiles, '<rootDir>/test/integration/worker-database.ts'],
      // test/integration/timeout.ts: 30 s per test and hook (jest reads `testTimeout` for the whole run only).
      setupFilesAfterEnv: ['<rootDir>/test/integration/timeout.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
    },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'], ...synthesizedAssembly },
    { ...common, displayName: 'cloud', testMatch: ['<rootDir>/test/cloud/**/*.test.ts'], ...synthesizedAssembly },
  ],
};
