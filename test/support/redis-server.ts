/** A redis-server of a test's own, without persistence, on a free port (never the machine's shared one). */
import { spawn, type ChildProcess } from 'node:child_process';
import IORedis from 'ioredis';
import { eventually } from './app-harness';
import { freePort } from './processes';

export interface OwnRedis {
  url: string;
  port: number;
  child: ChildProcess;
  /** Kills it (SIGKILL): what it held is gone. */
  stop(): Promise<void>;
}

/** Starts one (on `port` when given: a restart after `stop`, empty) and waits until it answers. */
export async function ownRedis(port?: number): Promise<OwnRedis> {
  const at = port ?? (await freePort());
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(at), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${at}`;
  const answers = async () => {
    const probe = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return null;
    } finally {
      probe.disconnect();
    }
  };
  await eventually(answers, 10_000, 'redis-server');
  return {
    url,
    port: at,
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
