/**
 * Jest for mutation testing (issue 20, `npm run mutation`): only the unit tests of the domain
 * (`test/lib/domain/**`, the disclosure-control module's tests included), so that each mutant's test run
 * takes seconds. The unit project of jest.config.js otherwise: the same transform and setup.
 */
const { projects } = require('./jest.config');

const { displayName, ...unit } = projects.find((project) => project.displayName === 'unit');

module.exports = {
  ...unit,
  testMatch: ['<rootDir>/test/lib/domain/**/*.test.ts'],
  // The intruder proofs (issue 14, and the referral attacks in a file of their own since) solve integer programs for
  // ~27 s and ~20-60 s: too slow to run once per mutant. They stay in `npm test`; the disclosure module's rules are
  // pinned by faster unit tests here.
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/test/lib/domain/disclosure/intruder.test.ts',
    '<rootDir>/test/lib/domain/disclosure/intruder-referrals.test.ts',
  ],
};
