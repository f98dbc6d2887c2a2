/**
 * The webhook benchmark's sender, run as a process of its own (`node dist/bench/webhook-sender.js`)
 * so that sending costs the measured server nothing: it reads a job (JSON) on stdin, signs every
 * delivery of a phase as BigCommerce does before the phase starts, sends them over keep-alive
 * connections with a fixed number in flight, and prints one JSON line: per phase, the time, the
 * answers by status and each answer's latency.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';

export interface SenderJob {
  clientSecret: string;
  /** The header value the app registered its hooks with (`x-backorder-token`). */
  hookToken: string;
  hash: string;
  /** Run one after the other, each to its own endpoint. */
  phases: Array<{
    name: string;
    /** The webhook endpoint. */
    url: string;
    concurrency: number;
    /** Each a `store/product/inventory/updated` count, under its own webhook id. */
    sends: Array<{ id: string; productId: number; level: number }>;
  }>;
}

export interface PhaseResult {
  name: string;
  url: string;
  count: number;
  ms: number;
  statuses: Record<string, number>;
  /** Each answer's, in ms. */
  latencies: number[];
}

async function run(job: SenderJob): Promise<PhaseResult[]> {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: Math.max(...job.phases.map((p) => p.concurrency)),
  });
  const results: PhaseResult[] = [];
  for (const phase of job.phases) {
    const target = new URL(phase.url);
    const requests = phase.sends.map((s) => signed(job, s));
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: phase.concurrency }, async () => {
        while (next < requests.length) {
          const { headers, body } = requests[next++]!;
          const t0 = performance.now();
          const status = await post(agent, target, headers, body);
          latencies.push(performance.now() - t0);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
    const ms = performance.now() - started;
    const rounded = latencies.map((l) => Math.round(l * 100) / 100);
    results.push({
      name: phase.name,
      url: phase.url,
      count: requests.length,
      ms,
      statuses,
      latencies: rounded,
    });
  }
  agent.destroy();
  return results;
}

function signed(job: SenderJob, send: SenderJob['phases'][number]['sends'][number]) {
  const now = Math.floor(Date.now() / 1000);
  const body = Buffer.from(
    JSON.stringify({
      scope: 'store/product/inventory/updated',
      store_id: '1',
      data: {
        type: 'product',
        id: send.productId,
        inventory: { product_id: send.productId, method: 'absolute', value: send.level },
      },
      hash: createHmac('sha1', 'payload').update(send.id).digest('hex'),
      created_at: now,
      producer: `stores/${job.hash}`,
    }),
  );
  // Standard Webhooks, keyed with the client secret (BigCommerce's "HTTPS Webhooks Overview").
  const signature = createHmac('sha256', Buffer.from(job.clientSecret, 'utf8'))
    .update(`${send.id}.${now}.`)
    .update(body)
    .digest('base64');
  const headers = {
    'content-type': 'application/json',
    'content-length': String(body.length),
    'webhook-id': send.id,
    'webhook-timestamp': String(now),
    'webhook-signature': `v1,${signature}`,
    'x-backorder-token': job.hookToken,
  };
  return { headers, body };
}

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, method: 'POST', host: url.hostname, port: url.port, path: url.pathname, headers },
      (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main() {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const job = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SenderJob;
  process.stdout.write(JSON.stringify(await run(job)) + '\n');
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
