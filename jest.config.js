// Jest runs in native ESM mode (got is ESM-only); ts-jest only transpiles, `npm run typecheck` type-checks.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 20000,
  // Jest fails a test whose code leaves a promise rejection unhandled; a Herald process a test starts logs
  // one through its process guard instead, and such a line anywhere fails the run (test/support/unhandled-rejections/).
  globalSetup: '<rootDir>/test/support/unhandled-rejections/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/unhandled-rejections/global-teardown.mjs',
};
