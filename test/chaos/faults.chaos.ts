/**
 * The fault suite (`npm run chaos`): the app as production runs it (separate web and worker
 * processes, PostgreSQL, Redis) against the emulated BigCommerce, under a flood of warehouse counts
 * and orders, with worker SIGKILLs, Redis and PostgreSQL outages and a hung Redis; then the product's
 * promises are checked. One quick run: `npm run test:chaos` (not in `npm test` yet, README).
 * Parameters: see support/profile.ts; README, "Fault suite".
 */
import { cleanUpAll } from './support/children';
import { readProfile } from './support/profile';
import { chaosRun } from './support/run';

const profile = readProfile();
/** Set-up, the load with its faults, at most four minutes of settling, the checks. */
const RUN_TIMEOUT_MS = 15 * 60_000;

/** One line per run, printed after the last one. */
const summary: string[] = [];

describe(`fault suite: ${profile.name} profile, seed ${profile.seed}`, () => {
  afterAll(async () => {
    await cleanUpAll();
    if (summary.length > 1) process.stdout.write(`\n=== ${summary.length} runs ===\n${summary.join('\n')}\n`);
  });

  for (let run = 1; run <= profile.runs; run++) {
    const seed = profile.seed + run - 1;
    it(
      `run ${run} of ${profile.runs} (seed ${seed}) keeps every promise`,
      async () => {
        const log = (line: string) =>
          process.stdout.write(`  [run ${run}, ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
        const outcome = await chaosRun(profile, seed, log);
        process.stdout.write(outcome.report);
        summary.push(
          `  run ${run} (seed ${seed}): ${outcome.checks.map((c) => `${c.name.split('.')[0]} ${c.pass ? 'pass' : 'FAIL'}`).join(', ')}; ${outcome.headline}`,
        );
        const broken = outcome.checks
          .filter((c) => !c.pass)
          .map((c) => `${c.name}: ${c.violations.length} violations`);
        expect(broken).toEqual([]);
      },
      RUN_TIMEOUT_MS,
    );
  }
});
