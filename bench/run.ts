/**
 * `npm run bench`: prints figures and ratios for the app's hot paths. Benchmarks are added with the
 * issues that bring the code they measure (webhook ingest, CSV import); until then this says so.
 */
const benches: Array<{ name: string; run: () => Promise<void> }> = [];

async function main() {
  if (benches.length === 0) {
    console.log('No benchmarks yet: webhook ingest and CSV import benchmarks come with their issues.');
    return;
  }
  for (const b of benches) {
    console.log(`== ${b.name}`);
    await b.run();
  }
}

void main();
