/**
 * A PostgreSQL cluster of the run's own: `initdb` in a temporary folder (trust auth, loopback only)
 * and `postgres` as a child process on a free port, so an outage stops only it, never the machine's
 * server that other tests use. PostgreSQL refuses to run as root: when we are root, it runs as the
 * `postgres` system user.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, waitForOutput, type Started } from '../../support/processes';
import { spawnService, stopChild, tempFolder } from './children';

const DATABASE = 'chaos';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (!version) throw new Error(`no PostgreSQL server binaries under ${root} (apt-get install postgresql)`);
  return path.join(root, version, 'bin');
}

/** Who runs the server: ourselves, or the `postgres` user when we are root. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

export class PostgresCluster {
  private process!: Started;
  private constructor(
    private readonly bin: string,
    private readonly dataDir: string,
    private readonly socketDir: string,
    private readonly user: { uid: number; gid: number } | undefined,
    readonly port: number,
  ) {}

  /** The app's database on this cluster. */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${DATABASE}`;
  }

  static async create(): Promise<PostgresCluster> {
    const folder = tempFolder('pg');
    const user = runAs();
    if (user) chownSync(folder, user.uid, user.gid);
    const bin = binDir();
    const cluster = new PostgresCluster(bin, path.join(folder, 'data'), folder, user, await freePort());
    execFileSync(
      path.join(bin, 'initdb'),
      ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'],
      { ...(user ?? {}), stdio: 'ignore' },
    );
    await cluster.start();
    const admin = new Client({ connectionString: `postgres://postgres@127.0.0.1:${cluster.port}/postgres` });
    await admin.connect();
    await admin.query(`create database ${DATABASE}`);
    await admin.end();
    return cluster;
  }

  async start(): Promise<void> {
    const args = ['-D', this.dataDir, '-p', String(this.port), '-k', this.socketDir];
    // Loopback only; a throwaway cluster needs no fsync (the disk is shared with other work).
    const settings = ['listen_addresses=127.0.0.1', 'fsync=off', 'max_connections=200'];
    this.process = spawnService(
      path.join(this.bin, 'postgres'),
      [...args, ...settings.flatMap((s) => ['-c', s])],
      { ...(this.user ?? {}), cwd: this.socketDir },
      'SIGQUIT',
    );
    await waitForOutput(this.process, /database system is ready to accept connections/, 30_000);
  }

  /** An outage: a fast shutdown (every connection is cut), as a restart or a failover does. */
  async stop(): Promise<void> {
    await stopChild(this.process.child, 'SIGINT', 15_000);
  }
}
