/**
 * The app as production runs it: the built code (`dist/`), one web process and two worker processes,
 * on the run's own PostgreSQL and Redis, against the emulator, mailing the run's SMTP catcher. The
 * production configuration (app.config.json) as it is: 30 s job locks, the minute sweep.
 */
import { randomBytes } from 'node:crypto';
import { cleanEnv, freePort, runApp, waitForOutput, type Started } from '../../support/processes';
import { CLIENT_ID, CLIENT_SECRET } from '../../support/app-harness';
import { stopChild, tempFolder, track } from './children';

export interface Backends {
  redisUrl: string;
  databaseUrl: string;
  smtpUrl: string;
  emulatorUrl: string;
}

const STARTED = /Backorder started \((web|worker)\)/;

export class AppProcesses {
  web!: Started;
  readonly workers: Started[] = [];
  /** Output of processes that are gone (killed workers), for the report. */
  readonly retired: Started[] = [];
  private constructor(
    readonly url: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(backends: Backends, workers = 2): Promise<AppProcesses> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = cleanEnv({
      NODE_ENV: 'production',
      PORT: String(port),
      APP_URL: url,
      DATA_DIR: tempFolder('data'),
      DATABASE_URL: backends.databaseUrl,
      REDIS_URL: backends.redisUrl,
      SMTP_URL: backends.smtpUrl,
      BIGCOMMERCE_CLIENT_ID: CLIENT_ID,
      BIGCOMMERCE_CLIENT_SECRET: CLIENT_SECRET,
      BIGCOMMERCE_API_URL: backends.emulatorUrl,
      BIGCOMMERCE_LOGIN_URL: backends.emulatorUrl,
      // The emulator's default app id; email links open its control panel.
      BIGCOMMERCE_APP_ID: '1',
      BIGCOMMERCE_CONTROL_PANEL_URL: `${backends.emulatorUrl}/_emulator/stores/{store_hash}`,
      APP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      SESSION_SECRET: randomBytes(32).toString('hex'),
      QUEUE_PREFIX: `chaos-${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'info',
    });
    const app = new AppProcesses(url, env);
    app.web = app.spawn(['web']);
    for (let i = 0; i < workers; i++) app.workers.push(app.spawn(['worker']));
    await Promise.all([app.web, ...app.workers].map((p) => waitForOutput(p, STARTED, 60_000)));
    return app;
  }

  private spawn(args: string[]): Started {
    const started = runApp(args, this.env);
    track(started.child);
    return started;
  }

  /** SIGKILL, as the OOM killer or a lost node does: no shutdown, jobs left mid-way. */
  async killWorker(index: number): Promise<void> {
    const worker = this.workers[index]!;
    await stopChild(worker.child, 'SIGKILL');
    this.retired.push(worker);
  }

  /**
   * Starts worker `index` again, retrying while it cannot start (start-up needs Redis and PostgreSQL),
   * as a supervisor would. Resolves with the number of tries.
   */
  async restartWorker(index: number, giveUpAt: number): Promise<number> {
    for (let tries = 1; ; tries++) {
      const worker = this.spawn(['worker']);
      this.workers[index] = worker;
      try {
        await waitForOutput(worker, STARTED, 30_000);
        return tries;
      } catch (err) {
        await stopChild(worker.child, 'SIGKILL');
        this.retired.push(worker);
        if (Date.now() > giveUpAt) throw err;
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  }

  /** Every process's output, for counting errors and for a failure's report. */
  outputs(): Array<{ name: string; text: string }> {
    return [
      { name: 'web', text: this.web.stdout() + this.web.stderr() },
      ...[...this.retired, ...this.workers].map((w, i) => ({
        name: `worker ${i + 1}`,
        text: w.stdout() + w.stderr(),
      })),
    ];
  }

  async stop(): Promise<void> {
    await Promise.all([this.web, ...this.workers].map((p) => stopChild(p.child, 'SIGTERM', 10_000)));
  }
}
