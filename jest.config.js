// Four projects, as STYLE.md asks for the first two: unit (pure, milliseconds) and integration (real
// PostgreSQL, PGlite, Redis, SMTP on loopback, the platform emulator); web (the React admin's forms and
// table in jsdom) and browser (the admin in Debian's Chromium against the emulator). `npm test` runs all.
/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];

const swcTsx = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'web',
      testEnvironment: 'jsdom',
      transform: { '^.+\\.(t|j)sx?$': swcTsx, '^.+\\.m?js$': swc },
      setupFilesAfterEnv: ['<rootDir>/test/web/setup.ts'],
      testMatch: ['<rootDir>/test/web/**/*.test.tsx'],
    },
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
  ],
  // A global option in jest 30 (ignored per project): integration tests wait on real services.
  testTimeout: 60_000,
};
