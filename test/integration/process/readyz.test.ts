/**
 * `/readyz` says whether this process can take traffic: the database answers, Redis answers, and
 * every migration this build knows is applied. A load balancer stops sending it requests on a 503,
 * which names what failed and nothing more (no address, no credentials).
 */
import { readFileSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsFolder } from '../../../core/lib/paths';
import { eventually, type Harness, startHarness } from '../../support/app-harness';

const REDIS = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

/** A TCP hop in front of Redis that the test can cut (as a lost network or a stopped Redis would). */
async function redisHop(): Promise<{ url: string; cut(): Promise<void>; restore(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    if (server?.listening) return;
    const listening = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(REDIS.port || 6379), REDIS.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', resolve);
    });
    server = listening;
    port = (listening.address() as { port: number }).port;
  };
  await listen();
  const url = new URL(REDIS.href);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.href,
    cut: async () => {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
    restore: listen,
  };
}

describe('/readyz', () => {
  let h: Harness;
  let hop: Awaited<ReturnType<typeof redisHop>>;

  beforeAll(async () => {
    hop = await redisHop();
    h = await startHarness('postgres', { mode: 'web', redisUrl: hop.url });
  });
  afterAll(async () => {
    await hop?.restore();
    await h?.close();
    await hop?.cut();
  });

  const ready = async () => {
    const res = await fetch(`${h.appUrl}/readyz`);
    return { status: res.status, text: await res.text() };
  };

  it('answers 200 when the database, Redis and the migrations are all there', async () => {
    const { status, text } = await ready();
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({
      ok: true,
      checks: { database: 'ok', redis: 'ok', migrations: 'ok' },
    });
  });

  it('answers 503 naming Redis, at once, while Redis cannot be reached, and 200 once it is back', async () => {
    await hop.cut();
    const asked = Date.now();
    const { status, text } = await ready();
    expect(Date.now() - asked).toBeLessThan(1500);
    expect(status).toBe(503);
    const body = JSON.parse(text);
    expect(body.ok).toBe(false);
    expect(body.checks).toMatchObject({ database: 'ok', migrations: 'ok' });
    expect(body.checks.redis).toMatch(/^down/);
    // Where Redis and the database live, and how to log in to them, are not the caller's business.
    expect(text).not.toMatch(/redis:\/\/|postgres|127\.0\.0\.1|:\d{4,5}\b/);

    await hop.restore();
    await eventually(async () => (await ready()).status === 200, 10_000, 'ready again');
  });

  it('answers 503 naming the migration the database lacks', async () => {
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
    const last = journal.entries.at(-1);
    const db = h.runtime.database.db;
    await db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = ${last.when}`);
    const { status, text } = await ready();
    expect(status).toBe(503);
    expect(JSON.parse(text).checks).toEqual({
      database: 'ok',
      redis: 'ok',
      migrations: `not applied: ${last.tag}`,
    });
  });
});
