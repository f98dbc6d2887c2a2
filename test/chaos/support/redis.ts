/**
 * A Redis of the run's own: a child process on a free loopback port, without persistence (as a cache
 * server restarted after a crash comes back empty). Outages hit only it, never the machine's Redis.
 */
import { waitForOutput, freePort, type Started } from '../../support/processes';
import { spawnService, stopChild } from './children';

export class RedisServer {
  private process!: Started;
  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<RedisServer> {
    const redis = new RedisServer(await freePort());
    await redis.restart();
    return redis;
  }

  /** Starts it (again) on the same port, empty. */
  async restart(): Promise<void> {
    this.process = spawnService('redis-server', [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ]);
    await waitForOutput(this.process, /Ready to accept connections/, 15_000);
  }

  /** A crash: gone at once, with everything it held. */
  async kill(): Promise<void> {
    await stopChild(this.process.child, 'SIGKILL');
  }

  /** A hung server: connections stay open, nothing is answered. */
  pause(): void {
    this.process.child.kill('SIGSTOP');
  }

  resume(): void {
    this.process.child.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    await stopChild(this.process.child, 'SIGTERM');
  }
}
