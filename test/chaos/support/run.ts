/**
 * One fault run from start to finish: its own Redis, PostgreSQL, SMTP catcher and emulator; the app
 * as three processes; the merchant's set-up; the load with the faults; settling; the invariants.
 * Everything it started is stopped and removed at the end, pass or fail.
 */
import path from 'node:path';
import { startMailCatcher, type MailCatcher } from '../../../core/mail/catcher';
import { AppProcesses } from './app';
import { AppDb } from './app-db';
import { checkMail } from './check-mail';
import { checkMerchantChanges } from './check-merchant';
import { checkOrdersOnce } from './check-orders';
import { checkQuiet } from './check-quiet';
import { checkPlatformMatches, checkThreshold } from './check-stock';
import { cleanUpAll } from './children';
import { writeDump, writeLogs } from './dump';
import { gather, type Check } from './evidence';
import { planFaults, runFaults } from './faults';
import { runLoad } from './load';
import { chooseItems } from './merchant';
import { Platform } from './platform';
import { PostgresCluster } from './postgres';
import { seededRandom } from '../../../core/lib/seeded-random';
import type { Profile } from './profile';
import { RedisServer } from './redis';
import { printRun, runFigures } from './report';
import { byTarget, installAndAssign } from './setup';
import { settle } from './settle';

export interface RunOutcome {
  checks: Check[];
  report: string;
  /** The run's key figure: items matching the platform. */
  headline: string;
}

export async function chaosRun(
  profile: Profile,
  seed: number,
  log: (line: string) => void,
): Promise<RunOutcome> {
  const began = Date.now();
  const random = seededRandom(seed);
  let platform: Platform | undefined;
  let mail: MailCatcher | undefined;
  let app: AppProcesses | undefined;
  let db: AppDb | undefined;
  try {
    const [redis, postgres] = await Promise.all([RedisServer.start(), PostgresCluster.create()]);
    mail = await startMailCatcher();
    platform = await Platform.start(profile.retryDelaysMs);
    app = await AppProcesses.start({
      redisUrl: redis.url,
      databaseUrl: postgres.url,
      smtpUrl: mail.url,
      emulatorUrl: platform.emulator.url,
    });
    db = new AppDb(postgres.url);
    const installed = await installAndAssign(platform, app.url, db, profile, random);
    await quietPlatform(platform);
    const initial = byTarget(await db.items(), installed.targets)!;
    const firstEventId = await db.maxEventId();
    log(
      `set up in ${((Date.now() - began) / 1000).toFixed(0)} s: ${installed.targets.length} items assigned`,
    );

    const plan = planFaults(profile, (profile.ops / profile.rate) * 1000);
    const reserved = new Set<string>();
    const outages = plan.filter((f) => f.kind !== 'worker SIGKILL').map((f) => f.kind as string);
    const changes = chooseItems(outages, installed.targets, initial, reserved);
    const watch = platform.watch(installed.targets);
    const loadStartedAt = Date.now();
    const p = platform;
    const [load, faults] = await Promise.all([
      runLoad(platform, installed.targets, {
        ops: profile.ops,
        rate: profile.rate,
        random,
        demand: installed.demand,
        reserved,
        progress: (n) => log(`${n} operations at ${((Date.now() - loadStartedAt) / 1000).toFixed(1)} s`),
      }),
      runFaults(plan, loadStartedAt, {
        redis,
        postgres,
        app,
        api: installed.api,
        changes,
        lastSeq: () => p.lastSeq,
        log,
      }),
    ]);
    const inputsEndedAt = Math.max(
      load.endedAt,
      ...faults.map((f) => f.recoveredAt),
      ...changes.map((c) => c.acceptedAt ?? 0),
    );
    log(`inputs over at ${((inputsEndedAt - loadStartedAt) / 1000).toFixed(0)} s; settling`);
    const settled = await settle(platform, db, mail, profile, inputsEndedAt, log);
    watch.stop();
    const evidence = await gather({
      profile,
      platform,
      db,
      targets: installed.targets,
      initial,
      firstEventId,
      history: watch.history,
      ops: load.ops,
      loadStartedAt,
      loadEndedAt: load.endedAt,
      mail: mail.messages,
      merchant: changes,
      faults,
      settled,
    });
    const checks = [
      checkPlatformMatches(evidence),
      checkThreshold(evidence),
      checkOrdersOnce(evidence),
      checkQuiet(evidence),
      checkMerchantChanges(evidence),
      checkMail(evidence),
    ];
    const took = `${((Date.now() - began) / 1000).toFixed(0)} s`;
    const title = `${profile.name} run, seed ${seed}, ${profile.ops} operations at ${profile.rate}/s, faults ${profile.faults ? 'on' : 'off'} (${took})`;
    let report = printRun(title, runFigures(evidence, app), checks);
    if (checks.some((c) => !c.pass)) {
      report += `  evidence per item: ${path.relative(process.cwd(), writeDump(evidence, seed))}\n`;
      report += `  process logs: ${path.relative(process.cwd(), writeLogs(app, profile.name, seed))}\n`;
    }
    return { checks, report, headline: checks[0]!.figures[0]! };
  } finally {
    await app?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await platform?.emulator.close();
    await mail?.close();
    await cleanUpAll();
  }
}

/** The set-up's own deliveries and writes are over: nothing queued, no API call for 2 s. */
async function quietPlatform(platform: Platform): Promise<void> {
  const { emulator } = platform;
  let seen = -1;
  while (seen !== emulator.exchanges.length + emulator.deliveries.length) {
    seen = emulator.exchanges.length + emulator.deliveries.length;
    await emulator.whenIdle();
    await new Promise((r) => setTimeout(r, 2000));
  }
}
