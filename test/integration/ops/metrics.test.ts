/**
 * What operators see after a short demo session: GET /metrics (Prometheus text) with the session's
 * figures, and the queue dashboard at /ops/queues, both answering only to OPS_TOKEN; a worker's own
 * /metrics on METRICS_PORT; without OPS_TOKEN neither path exists.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { startRuntime, type Runtime } from '../../../app/composition';
import { loadEnv } from '../../../core/config/env';
import { createLogger } from '../../../core/lib/log';
import { WEBHOOK_TOKEN_HEADER } from '../../../core/platform/bigcommerce/app';
import { queueFigures } from '../../../jobs/queue-figures';
import { QUEUES } from '../../../jobs/queues';
import { createQueues } from '../../../jobs/runtime';
import { adminClient, template } from '../../support/admin-client';
import {
  CLIENT_SECRET,
  eventually,
  installApp,
  sessionFrom,
  startHarness,
  type Harness,
} from '../../support/app-harness';
import { freePort } from '../../support/processes';

const HASH = 'ops1';
const OPS_TOKEN = randomBytes(24).toString('hex');
const QUEUE_NAMES = Object.values(QUEUES);

type Sample = { name: string; labels: Record<string, string>; value: number };

/** The exposition text's samples (comments left out). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]),
      );
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The sum of the samples of `name` whose labels include `labels`; undefined when there is none. */
function figure(all: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = all.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (password: string) => ({
  authorization: `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`,
});

describe('operators: /metrics and the queue dashboard', () => {
  let h: Harness;
  let api: ReturnType<typeof adminClient>;
  let hookToken: string;
  /** A merchant's admin session: a bearer token too, which must open nothing here. */
  let session: string;

  beforeAll(async () => {
    h = await startHarness('postgres', { env: { OPS_TOKEN } });
    h.emulator.createStore({ hash: HASH, name: 'Ground Control Coffee', seed: 'demo' });
    ({ api, hookToken } = await installApp(h, HASH));
    const load = await fetch(
      `${h.appUrl}/bigcommerce/load?signed_payload_jwt=${h.emulator.signedPayload(HASH)}`,
    );
    session = sessionFrom(await load.text());
  });
  afterAll(async () => h?.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${h.appUrl}${path}`, { headers });
  const scrape = async () => {
    const res = await get('/metrics', bearer(OPS_TOKEN));
    expect(res.status).toBe(200);
    return res.text();
  };

  it('answers only to the operators token, never to a merchant session', async () => {
    for (const path of ['/metrics', '/ops/queues', '/ops/queues/api/queues']) {
      for (const headers of [{}, bearer('not-the-token-at-all'), bearer(session), basic(session)]) {
        const res = await get(path, headers);
        expect([path, res.status]).toEqual([path, 401]);
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="backorder ops"/);
        expect(await res.text()).not.toContain('backorder_');
      }
    }
    const metrics = await get('/metrics', bearer(OPS_TOKEN));
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    // A browser logs in with the token as password; the page is never framed, not even by the control panel.
    const page = await get('/ops/queues', basic(OPS_TOKEN));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(await page.text()).toContain('<base href="/ops/queues/"');
    const listed = await get('/ops/queues/api/queues', basic(OPS_TOKEN));
    expect(listed.status).toBe(200);
    const names = ((await listed.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name);
    expect(names.sort()).toEqual([...QUEUE_NAMES].sort());
  });

  it('counts a demo session: webhooks, 429s, emails, an import, and the backlogs drained', async () => {
    const control = (method: string, path: string, body: unknown) =>
      fetch(`${h.emulator.url}/_emulator/stores/${HASH}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const store = () => h.emulator.store(HASH)!;
    const [a, b] = store().products.filter((p) => p.inventory_tracking === 'product');
    expect(
      (await api.put('/api/settings', { ownerEmail: 'owner@ops.test', switchCondition: 0 })).status,
    ).toBe(200);
    expect((await api.post('/api/templates', template())).status).toBe(201);
    expect((await control('PUT', '/inventory', { sku: a!.sku, level: 2 })).status).toBe(200);
    expect((await api.post('/api/assignments', { productIds: [String(a!.id)] })).status).toBe(201);

    // The platform is overloaded for two calls (429 without reset headers): the client backs off.
    h.emulator.overload(2);
    // A warehouse count empties A: its webhook, backorder on, the platform told, the owner emailed.
    expect((await control('PUT', '/inventory', { sku: a!.sku, level: 0 })).status).toBe(200);
    await h.mail.waitFor(1);

    // Deliveries as BigCommerce sends them: one, the same again, one mis-signed, one signed too long ago.
    const signer = new Webhook(Buffer.from(CLIENT_SECRET).toString('base64'));
    const deliver = (id: string, at: Date, by: Webhook = signer) => {
      const body = JSON.stringify({
        scope: 'store/product/inventory/updated',
        store_id: '1',
        data: { type: 'product', id: b!.id, inventory: { product_id: b!.id, method: 'absolute', value: 7 } },
        hash: randomBytes(20).toString('hex'),
        created_at: Math.floor(at.getTime() / 1000),
        producer: `stores/${HASH}`,
      });
      return fetch(`${h.appUrl}/webhooks/bigcommerce`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': by.sign(id, at, body),
          [WEBHOOK_TOKEN_HEADER]: hookToken,
        },
        body,
      });
    };
    const id = `msg_${randomBytes(8).toString('hex')}`;
    expect((await deliver(id, new Date())).status).toBe(200);
    expect(await (await deliver(id, new Date())).json()).toMatchObject({ duplicate: true });
    const wrongSecret = new Webhook(Buffer.from('not the client secret').toString('base64'));
    expect((await deliver(`msg_${randomBytes(8).toString('hex')}`, new Date(), wrongSecret)).status).toBe(
      401,
    );
    const tenMinutesAgo = new Date(Date.now() - 600_000);
    expect((await deliver(`msg_${randomBytes(8).toString('hex')}`, tenMinutesAgo)).status).toBe(401);

    // A CSV file read into its preview.
    const upload = await fetch(`${h.appUrl}/api/imports`, {
      method: 'POST',
      headers: { ...bearer(session), 'content-type': 'text/csv' },
      body: `sku,stock\r\n${a!.sku},0\r\n`,
    });
    expect(upload.status).toBe(202);
    const importId = ((await upload.json()) as { id: string }).id;
    await eventually(
      async () => (await api.get(`/api/imports/${importId}`)).body.status === 'preview',
      15_000,
      'import previewed',
    );

    // Once everything has settled: every delivery the emulator had answered 200, and the backlogs empty.
    // (Not the webhook inbox: of two product edits close together only the newer is read, and the
    // older's delivery waits for the minute sweep, jobs/stock-reports.ts.)
    const wanted = () => ({
      outbox: 0,
      unpublished: 0,
      accepted: h.emulator.deliveries.filter((d) => d.statusCode === 200).length + 1,
      sent: h.mail.messages.length,
      // A job's figures come once it returns, a moment after what it did shows.
      notifyJobs: h.mail.messages.length,
      parses: 1,
    });
    let seen: Record<string, number | undefined> = {};
    const settled = await eventually(
      async () => {
        const all = samples(await scrape());
        seen = {
          outbox: figure(all, 'backorder_outbox_pending'),
          unpublished: figure(all, 'backorder_items_unpublished'),
          accepted: figure(all, 'backorder_webhooks_total', { outcome: 'accepted' }),
          sent: figure(all, 'backorder_emails_total', { outcome: 'sent' }),
          notifyJobs: figure(all, 'backorder_job_duration_seconds_count', {
            queue: 'notify',
            outcome: 'completed',
          }),
          parses: figure(all, 'backorder_import_duration_seconds_count', { step: 'parse' }),
        };
        return JSON.stringify(seen) === JSON.stringify(wanted()) ? all : null;
      },
      15_000,
      'the session settled',
    ).catch((err: Error) => {
      throw new Error(`${err.message}: saw ${JSON.stringify(seen)}, wanted ${JSON.stringify(wanted())}`);
    });
    const at = (name: string, labels: Record<string, string> = {}) => figure(settled, name, labels);
    const inventory = 'store/product/inventory/updated';

    expect(at('backorder_webhooks_total', { outcome: 'accepted', topic: inventory })).toBeGreaterThanOrEqual(
      2,
    );
    expect(at('backorder_webhooks_total', { outcome: 'duplicate', topic: inventory })).toBe(1);
    // Never read from a body that failed authentication: its topic is unknown.
    expect(
      at('backorder_webhooks_total', { outcome: 'rejected', reason: 'signature', topic: 'unknown' }),
    ).toBe(1);
    expect(at('backorder_webhooks_total', { outcome: 'rejected', reason: 'stale' })).toBe(1);
    expect(at('backorder_webhooks_total', { outcome: 'rejected' })).toBe(2);
    expect(at('backorder_emails_total', { outcome: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(at('backorder_emails_total', { outcome: 'failed' })).toBe(0);

    expect(at('backorder_platform_rate_limited_total', { platform: 'bigcommerce' })).toBe(2);
    expect(at('backorder_platform_requests_total', { status_class: '4xx' })).toBeGreaterThanOrEqual(2);
    expect(at('backorder_platform_requests_total', { method: 'GET', status_class: '2xx' })).toBeGreaterThan(
      0,
    );
    expect(at('backorder_platform_wait_seconds_total', { cause: 'backoff' })).toBeGreaterThan(0);
    expect(at('backorder_platform_wait_seconds_total', { cause: 'limiter' })).toBeDefined();

    expect(
      at('backorder_job_duration_seconds_count', { queue: 'notify', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(at('backorder_job_failures_total', { queue: 'notify', final: 'true' })).toBe(0);
    expect(at('backorder_import_duration_seconds_count', { step: 'parse', outcome: 'done' })).toBe(1);

    // Every queue's depth, by state, and the age of its oldest waiting job (a sweep may be due any time).
    for (const queue of QUEUE_NAMES)
      for (const name of ['backorder_queue_jobs', 'backorder_queue_oldest_waiting_seconds'])
        expect([queue, name, at(name, { queue })]).toEqual([queue, name, expect.any(Number)]);
    expect(at('backorder_queue_jobs', { queue: 'notify', state: 'failed' })).toBe(0);
    expect(at('backorder_outbox_pending_oldest_seconds')).toBe(0);
    expect(at('backorder_webhook_inbox_waiting')).toEqual(expect.any(Number));
    expect(at('backorder_scrape_source_up', { source: 'redis' })).toBe(1);
    expect(at('backorder_scrape_source_up', { source: 'database' })).toBe(1);
    // Process figures come along (prom-client's defaults).
    expect(at('process_cpu_user_seconds_total')).toBeGreaterThan(0);

    // Nothing secret or store-specific in a label.
    const text = await scrape();
    for (const secret of [HASH, hookToken, OPS_TOKEN, CLIENT_SECRET, session])
      expect(text).not.toContain(secret);
  });

  it("removes a job through the dashboard's API, but takes no change posted from another site", async () => {
    const notify = h.runtime.queues.queues.notify;
    const [job] = await notify.getJobs(['completed'], 0, 0);
    expect(job).toBeDefined();
    const clean = (headers: Record<string, string>) =>
      fetch(`${h.appUrl}/ops/queues/api/queues/notify/${encodeURIComponent(job!.id!)}/clean`, {
        method: 'PUT',
        headers,
      });
    // A browser holding the Basic login, on another site's page: refused, the job still there.
    expect((await clean({ ...basic(OPS_TOKEN), 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await notify.getJob(job!.id!)).toBeDefined();
    expect([200, 204]).toContain(
      (await clean({ ...basic(OPS_TOKEN), 'sec-fetch-site': 'same-origin' })).status,
    );
    expect(await notify.getJob(job!.id!)).toBeUndefined();
  });

  describe('beside the web process', () => {
    let other: Runtime | undefined;
    afterEach(async () => {
      await other?.close();
      other = undefined;
    });
    const start = async (mode: 'web' | 'worker', env: Record<string, string>) => {
      const port = await freePort();
      other = await startRuntime({
        env: loadEnv({ ...h.childEnv, PORT: String(port), ...env }),
        config: h.config,
        log: createLogger({ level: 'error', write: () => undefined }),
        mode,
        port,
      });
      return port;
    };

    it('a worker serves its own /metrics on METRICS_PORT, behind the same token', async () => {
      const port = await freePort();
      await start('worker', { METRICS_PORT: String(port) });
      const url = `http://127.0.0.1:${port}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: bearer(OPS_TOKEN) });
      expect(res.status).toBe(200);
      const all = samples(await res.text());
      // Its own counters (no webhook reached it) and the shared figures, the same from every process.
      expect(figure(all, 'backorder_webhooks_total')).toBeUndefined();
      expect(figure(all, 'backorder_job_failures_total', { queue: 'notify' })).toBe(0);
      expect(figure(all, 'backorder_queue_jobs', { queue: 'ingest', state: 'waiting' })).toBe(0);
      expect(figure(all, 'backorder_outbox_pending')).toBe(0);
      // The dashboard is the web process's.
      expect(
        (await fetch(`http://127.0.0.1:${port}/ops/queues`, { headers: bearer(OPS_TOKEN) })).status,
      ).toBe(404);
    });

    it('without OPS_TOKEN neither path exists', async () => {
      const port = await start('web', { OPS_TOKEN: '' });
      for (const path of ['/metrics', '/ops/queues'])
        expect((await fetch(`http://127.0.0.1:${port}${path}`, { headers: bearer(OPS_TOKEN) })).status).toBe(
          404,
        );
    });
  });

  it("reads each queue's depth and the age of the job that has waited longest", async () => {
    // Queues of their own, without workers, so the jobs stay waiting.
    const idle = await createQueues(
      h.childEnv.REDIS_URL!,
      `test-${randomBytes(4).toString('hex')}`,
      h.config,
    );
    try {
      const now = Date.now();
      await idle.queues.notify.add('notify', { outboxId: 1 }, { timestamp: now - 120_000 });
      await idle.queues.notify.add('notify', { outboxId: 2 }, { timestamp: now - 10_000 });
      const notify = (await queueFigures(idle.queues, now)).find((f) => f.queue === 'notify')!;
      expect(notify).toMatchObject({ counts: { waiting: 2, active: 0 }, oldestWaitingSeconds: 120 });
    } finally {
      await idle.queues.notify.obliterate({ force: true });
      await idle.close();
    }
  });
});
