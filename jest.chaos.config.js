// The fault suite alone (`npm run chaos`, README "Fault suite"): long runs against real processes,
// kept out of `npm test` until the product keeps the promises it checks.
/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'chaos',
      transform: {
        '^.+\\.(t|j)sx?$': [
          '@swc/jest',
          { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
        ],
      },
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
      testMatch: ['<rootDir>/test/chaos/**/*.chaos.ts'],
    },
  ],
  // A global option in jest 30: one run takes minutes.
  testTimeout: 15 * 60_000,
};
