import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

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
