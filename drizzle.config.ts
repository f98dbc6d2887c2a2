import { defineConfig } from 'drizzle-kit';

// One migration set for PostgreSQL and PGlite (both speak the postgresql dialect).
export default defineConfig({
  dialect: 'postgresql',
  schema: './core/db/schema.ts',
  out: './drizzle',
});
