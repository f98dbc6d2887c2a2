/**
 * `npm run bench`: figures and ratios for the app's hot paths, on PostgreSQL when DATABASE_URL is
 * set, embedded PGlite otherwise. Benchmarks arrive with the issues that bring the code they measure.
 * `npm run bench -- webhooks items` runs only those named.
 */
import { itemsBench } from './items.bench';
import { importBench } from './import.bench';
import { webhookBench } from './webhooks.bench';

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  console.log(`database: ${databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'embedded PGlite'}`);
  const benches = {
    webhooks: webhookBench,
    items: async (url?: string) => {
      await itemsBench(url);
      // The search target holds for both databases: a run on PostgreSQL measures search on PGlite too.
      if (url) await itemsBench(undefined, { searchOnly: true });
    },
    import: importBench,
  };
  const named = process.argv.slice(2);
  const unknown = named.filter((n) => !(n in benches));
  if (unknown.length > 0) throw new Error(`no such benchmark: ${unknown.join(', ')}`);
  for (const [name, bench] of Object.entries(benches))
    if (named.length === 0 || named.includes(name)) await bench(databaseUrl);
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
