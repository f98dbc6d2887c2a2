/**
 * `npm run bench`: figures and ratios for the app's hot paths, on PostgreSQL when DATABASE_URL is
 * set, embedded PGlite otherwise. Benchmarks arrive with the issues that bring the code they measure.
 */
import { itemsBench } from './items.bench';
import { importBench } from './import.bench';
import { webhookBench } from './webhooks.bench';

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  console.log(`database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`);
  await webhookBench(databaseUrl);
  await itemsBench(databaseUrl);
  await importBench(databaseUrl);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
