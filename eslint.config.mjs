import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/**
 * The layers of ../shared/DESIGN.md §0, kept by `no-restricted-imports`: arrows run app → {server,
 * jobs} → core; only core/platform/ and app/ name a platform's folder; only app/demo.ts (and tests,
 * benchmarks) load an emulator; core/domain/ imports nothing with I/O. Imports are relative paths, so
 * each rule is written for every depth of a folder: `../` as many times as the file is deep reaches
 * the project root, and the next segment names the layer the import enters.
 */
const root = (folders) => (depth) => ({
  regex: `^(\\./)?(\\.\\./){${depth}}(${folders.join('|')})(/|$)`,
  message: `This layer may not import ${folders.join('/, ')}/ (../shared/DESIGN.md §0; README "Architecture").`,
});
const PLATFORM_FOLDER = () => ({
  regex: 'platform/(bigcommerce|shopify)(/|$)',
  message: 'Only core/platform/ and app/ know a platform: use StorePlatform, PlatformApp and the registry.',
});
const EMULATOR = () => ({
  regex: '(^|/)emulator(/|$)',
  message: 'Only app/demo.ts, tests and benchmarks load an emulator.',
});
const DOMAIN_IO = () => ({
  regex: '^(?!\\./|\\.\\./contract/)',
  message: 'core/domain/ is pure: it imports only its own files and the admin contract.',
});
const CORE_BUT_CONTRACT = (depth) => ({
  regex: `^(\\./)?(\\.\\./){${depth}}core/(?!contract/)`,
  message: 'The admin reads the server only through the admin contract (core/contract/).',
});
const ANYTHING = () => ({
  regex: '.',
  message: 'The admin contract is dependency-free: the web bundle imports it as it is.',
});
const NO_FRAMEWORKS = [
  { name: 'express', message: 'core/ knows no HTTP framework: routes live in server/.' },
  { name: 'bullmq', message: 'core/ knows no job queue: workers live in jobs/, callbacks come from app/.' },
  { name: 'ioredis', message: 'core/ knows no Redis: jobs/ keeps what lives there.' },
];
const CORE = [root(['server', 'jobs', 'app', 'emulator']), EMULATOR];
/** From the most general to the most specific: a later zone's rule replaces an earlier one's. */
const ZONES = [
  { folder: 'core', patterns: [...CORE, PLATFORM_FOLDER], paths: NO_FRAMEWORKS },
  { folder: 'core/platform', patterns: CORE, paths: NO_FRAMEWORKS },
  { folder: 'core/contract', patterns: [ANYTHING] },
  { folder: 'core/domain', patterns: [...CORE, PLATFORM_FOLDER, DOMAIN_IO], paths: NO_FRAMEWORKS },
  { folder: 'server', patterns: [root(['jobs', 'app']), PLATFORM_FOLDER, EMULATOR] },
  { folder: 'jobs', patterns: [root(['server', 'app']), PLATFORM_FOLDER, EMULATOR] },
  { folder: 'app', patterns: [EMULATOR] },
  { folder: 'web', patterns: [root(['server', 'jobs', 'app', 'emulator']), CORE_BUT_CONTRACT] },
];
const boundaries = ZONES.flatMap(({ folder, patterns, paths = [] }) =>
  [0, 1, 2, 3, 4].map((below) => {
    const depth = folder.split('/').length + below;
    return {
      files: [`${folder}/${'*/'.repeat(below)}*.{ts,tsx}`],
      rules: {
        'no-restricted-imports': ['error', { paths, patterns: patterns.map((make) => make(depth)) }],
      },
    };
  }),
);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'data/**',
      'node_modules/**',
      'drizzle/**',
      'web/dist/**',
      'test/artifacts/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Environment is read in one module only (STYLE.md "Config and input").
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through core/config/env.ts.' },
      ],
    },
  },
  ...boundaries,
  { files: ['app/demo.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    // The import rules read import statements: an import() or import('…').Type would pass unseen.
    files: ['core/**/*.ts', 'server/**/*.ts', 'jobs/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportExpression',
          message: 'No dynamic import here: the layer rules could not see it.',
        },
        {
          selector: 'TSImportType',
          message: "No import('…') types here: import the type, so the layer rules see it.",
        },
      ],
    },
  },
  {
    files: ['core/config/env.ts', 'test/**', 'bench/**', '.ci/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The React admin and its component tests run in a browser (or jsdom), not in Node.
    files: ['web/**', 'test/web/**'],
    languageOptions: {
      globals: Object.fromEntries(
        [
          'window',
          'document',
          'navigator',
          'fetch',
          'URL',
          'URLSearchParams',
          'FormData',
          'Blob',
          'File',
          'AbortController',
          'HTMLElement',
          'HTMLInputElement',
          'HTMLMetaElement',
          'setTimeout',
          'clearTimeout',
          'setInterval',
          'clearInterval',
          'Intl',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    // Tests read JSON answers loosely; the assertions say what shape is expected.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
