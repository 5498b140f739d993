/**
 * Four projects: fast unit tests, integration tests on DynamoDB Local, CDK template assertions, and the cloud tier
 * (every synthesized function run from its bundle in cdk.out with the template's environment, docs/cloud-tier.md).
 */
const transform = {
  '^.+\\.[tj]s$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', moduleResolution: 'node', isolatedModules: true } }],
};
const common = {
  transform,
  // middy 6 and jose 6 are ESM-only: let ts-jest turn them into CommonJS like the rest.
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/{lib,functions,local}/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      // Each file starts the runtime and seeds it through the API; on a shared two-core machine that alone can pass
      // jest's 5 s default (the leak walk's and the access matrix's setup did, at a load average of 8).
      testTimeout: 30_000,
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
    },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      ...common,
      displayName: 'cloud',
      testMatch: ['<rootDir>/test/cloud/**/*.test.ts'],
      globalSetup: '<rootDir>/test/cloud/global-setup.ts',
      globalTeardown: '<rootDir>/test/cloud/global-teardown.ts',
    },
  ],
};
