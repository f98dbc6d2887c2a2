// The admin bundle: React 19 + BigDesign, compiled by Vite 8 (oxc handles TSX; no React plugin).
// Served by the Express app: index.html from /bigcommerce/load, assets from /app/assets/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/app/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // scripts/bundle-size.mjs reads the manifest to sum the entry chunk and its static imports.
    manifest: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // BigDesign ships 'use client' directives, meaningless in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
