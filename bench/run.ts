/**
 * `npm run bench`: figures and ratios for the app's hot paths, on PostgreSQL when DATABASE_URL is
 * set, embedded PGlite otherwise. Benchmarks arrive with the issues that bring the code they measure.
 * BENCH_ONLY (comma-separated: webhooks, items, import) runs some of them.
 */
import { itemsBench } from './items.bench';
import { importBench } from './import.bench';
import { webhookBench } from './webhooks.bench';

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  const wanted = (name: string) => !only || only.includes(name);
  console.log(`database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`);
  if (wanted('webhooks')) await webhookBench(databaseUrl);
  if (wanted('items')) {
    await itemsBench(databaseUrl);
    // The search target holds for both databases: a run on PostgreSQL measures search on PGlite too.
    if (databaseUrl) await itemsBench(undefined, { searchOnly: true });
  }
  if (wanted('import')) await importBench(databaseUrl);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
