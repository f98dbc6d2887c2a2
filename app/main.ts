/**
 * `node dist/app/main.js [all|web|worker]`: configuration, migrations, then the HTTP server and/or
 * the workers in this process. Anything that stops start-up is said in one line, then exit 1.
 */
import { loadAppConfig } from '../core/config/app-config';
import { ConfigError, loadEnv, type Env } from '../core/config/env';
import { isAppError } from '../core/errors';
import { createLogger } from '../core/lib/log';
import { startMailCatcher } from '../core/mail/catcher';
import { assertRedisReachable, safeRedisUrl } from '../jobs/redis';
import { startRuntime, type Mode } from './composition';
import { installIntoDemo, startDemoEmulator } from './demo';

async function main() {
  const mode = parseMode(process.argv[2]);
  const env = loadEnv();
  const config = loadAppConfig(env.appConfigFile);
  // JSON lines for log collectors in production; coloured lines for a person anywhere else.
  const log = createLogger({ level: env.logLevel, format: env.nodeEnv === 'production' ? 'json' : 'pretty' });
  // Redis first: without it nothing may start, and the one-line answer must come before anything else.
  await assertRedisReachable(env.redisUrl);
  // In demo mode the web side hosts the emulator; a worker started apart talks to it over HTTP.
  const emulator = env.demoMode && mode !== 'worker' ? await startDemoEmulator(env, log) : undefined;
  // Without SMTP_URL (development) mail goes to a local SMTP catcher, listed at /dev/mail: never dropped.
  const mailCatcher = env.smtpUrl ? undefined : await startMailCatcher();
  const runtime = await startRuntime({ env, config, log, mode, mailCatcher });
  log.info(`Backorder started (${mode})`, {
    database: runtime.database.location,
    redis: safeRedisUrl(env.redisUrl),
    ...(runtime.port ? { url: env.appUrl } : {}),
    ...(env.demoMode ? { demo: true } : {}),
    ops: opsNote(env, mode),
  });
  // Signals are handled from here on, so a stop during the demo install still shuts down cleanly.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: finishing running jobs and closing connections`);
    await runtime.close();
    await emulator?.close();
    await mailCatcher?.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (emulator) {
    const adminUrl = await installIntoDemo(emulator);
    process.stdout.write(`\nDemo store ready: open ${adminUrl}\n\n`);
  }
  if (mailCatcher && runtime.port) {
    log.info(`no SMTP_URL: emails are caught locally, see ${env.appUrl}/dev/mail`);
  }
}

/** Where operators find /metrics and the queue dashboard, or how to turn them on. */
function opsNote(env: Env, mode: Mode): string {
  if (!env.opsToken) return 'off: set OPS_TOKEN (16+ characters) to serve /metrics and /ops/queues';
  if (mode !== 'worker') return `${env.appUrl}/metrics and ${env.appUrl}/ops/queues`;
  return env.metricsPort
    ? `/metrics on port ${env.metricsPort}`
    : "off in this worker: set METRICS_PORT to serve its /metrics (its jobs' figures)";
}

function parseMode(arg: string | undefined): Mode {
  if (arg === undefined || arg === 'all' || arg === 'web' || arg === 'worker') return arg ?? 'all';
  throw new ConfigError(`unknown mode "${arg}": use all, web or worker`);
}

main().catch((err: unknown) => {
  // Ours (a setting, Redis or the database): one line. Anything else: the stack, to report.
  process.stderr.write(
    `backorder: ${isAppError(err) ? err.message : ((err as Error).stack ?? String(err))}\n`,
  );
  process.exit(1);
});
