/**
 * The Prometheus side of core's `Metrics`: a registry of this process's own, the counters the code
 * increments, and gauges read at each scrape from what all processes share (BullMQ's queues in Redis,
 * the backlogs in PostgreSQL). Names, labels and meanings: README, "Metrics and the queue dashboard".
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Backlog, Waiting } from '../core/db/backlog.repo';
import type { Logger } from '../core/lib/log';
import type { Metrics } from '../core/lib/metrics';
import { QUEUES } from '../jobs/queues';
import { QUEUE_STATES, type QueueFigures } from '../jobs/queue-figures';

/** Where the shared figures come from; each is asked once a scrape. */
export interface SharedSources {
  queues(): Promise<QueueFigures[]>;
  backlog(): Promise<Backlog>;
}

export interface MetricsEndpoint {
  contentType: string;
  /** The exposition text, after reading the shared figures (each given up after SOURCE_TIMEOUT_MS). */
  render(): Promise<string>;
}

export interface ProcessMetrics {
  /** What the code counts with. */
  metrics: Metrics;
  /** What GET /metrics answers. */
  endpoint(sources: SharedSources, log: Logger): MetricsEndpoint;
}

/** A source that does not answer in time counts as down for this scrape: a scrape never hangs. */
const SOURCE_TIMEOUT_MS = 2000;
const PLATFORMS = ['bigcommerce'];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const IMPORT_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

export function processMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const webhooks = new Counter({
    name: 'backorder_webhooks_total',
    help: 'Webhook deliveries by platform, topic and outcome (accepted, duplicate, ignored, rejected, error); reason of a rejection or an ignored delivery.',
    labelNames: ['platform', 'topic', 'outcome', 'reason'],
    registers,
  });
  const platformRequests = new Counter({
    name: 'backorder_platform_requests_total',
    help: 'HTTP exchanges with the platform API by method and status class (2xx, 4xx, 5xx; error: no answer).',
    labelNames: ['platform', 'method', 'status_class'],
    registers,
  });
  const rateLimited = new Counter({
    name: 'backorder_platform_rate_limited_total',
    help: 'Platform API answers of 429 Too Many Requests.',
    labelNames: ['platform'],
    registers,
  });
  const waited = new Counter({
    name: 'backorder_platform_wait_seconds_total',
    help: 'Time platform calls spent waiting: in the rate limiter (limiter), for a 429 reset (rate_limited), backing off after errors (backoff).',
    labelNames: ['platform', 'cause'],
    registers,
  });
  const jobDuration = new Histogram({
    name: 'backorder_job_duration_seconds',
    help: 'Duration of each job attempt by queue and outcome (completed, failed).',
    labelNames: ['queue', 'outcome'],
    buckets: JOB_BUCKETS,
    registers,
  });
  const jobFailures = new Counter({
    name: 'backorder_job_failures_total',
    help: 'Failed job attempts by queue; final="true" when the job will not be tried again.',
    labelNames: ['queue', 'final'],
    registers,
  });
  const emails = new Counter({
    name: 'backorder_emails_total',
    help: 'Owner emails handed to the SMTP server (sent) or refused by it or unreachable (failed).',
    labelNames: ['outcome'],
    registers,
  });
  const imports = new Histogram({
    name: 'backorder_import_duration_seconds',
    help: 'CSV import steps: reading a file into its preview (parse) and applying a confirmed one (apply).',
    labelNames: ['step', 'outcome'],
    buckets: IMPORT_BUCKETS,
    registers,
  });
  // Known series start at 0, so a rate over them exists before the first event.
  for (const outcome of ['sent', 'failed']) emails.inc({ outcome }, 0);
  for (const platform of PLATFORMS) rateLimited.inc({ platform }, 0);
  for (const queue of Object.values(QUEUES))
    for (const final of ['true', 'false']) jobFailures.inc({ queue, final }, 0);

  const metrics: Metrics = {
    webhook: (count) =>
      webhooks.inc({
        platform: count.platform,
        topic: ('topic' in count && count.topic) || 'unknown',
        outcome: count.outcome,
        ...('reason' in count ? { reason: count.reason } : {}),
      }),
    platformRequest: (platform, method, status) => {
      const statusClass = status === undefined ? 'error' : `${Math.floor(status / 100)}xx`;
      platformRequests.inc({ platform, method, status_class: statusClass });
      if (status === 429) rateLimited.inc({ platform });
    },
    // A platform's odd reset header must never make a request throw here.
    platformWaited: (platform, cause, seconds) => waited.inc({ platform, cause }, Math.max(0, seconds)),
    jobFinished: (queue, seconds, outcome, final) => {
      jobDuration.observe({ queue, outcome }, seconds);
      if (outcome === 'failed') jobFailures.inc({ queue, final: String(Boolean(final)) });
    },
    email: (outcome) => emails.inc({ outcome }),
    importStep: (step, seconds, outcome) => imports.observe({ step, outcome }, seconds),
  };

  return {
    metrics,
    endpoint: (sources, log) => {
      const read = sharedGauges(registers);
      return {
        contentType: registry.contentType,
        render: async () => {
          await read(sources, log);
          return registry.metrics();
        },
      };
    },
  };
}

/** The gauges of shared state, set afresh at each scrape; a source that failed shows as down. */
function sharedGauges(registers: Registry[]) {
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers });
  const up = gauge(
    'backorder_scrape_source_up',
    'Whether this scrape could read the shared figures from redis (queues) and database (backlogs): 1 or 0.',
    ['source'],
  );
  const jobs = gauge(
    'backorder_queue_jobs',
    'Jobs in each queue by state (waiting, prioritized, active, delayed, failed).',
    ['queue', 'state'],
  );
  const oldestJob = gauge(
    'backorder_queue_oldest_waiting_seconds',
    'Age of the oldest job waiting to run in each queue (since it was added or became due); 0 when none waits.',
    ['queue'],
  );
  const backlogGauges = {
    outbox: waitingGauges(gauge, 'outbox_pending', 'Outbox effects (emails, platform writes) not sent yet'),
    unpublished: waitingGauges(
      gauge,
      'items_unpublished',
      'Items whose latest state the platform does not show yet (how stale the platform is)',
    ),
    inbox: waitingGauges(gauge, 'webhook_inbox_waiting', 'Webhook deliveries whose work is not done yet'),
  };

  return async (sources: SharedSources, log: Logger) => {
    const [queues, backlog] = await Promise.all([
      within(sources.queues(), SOURCE_TIMEOUT_MS),
      within(sources.backlog(), SOURCE_TIMEOUT_MS),
    ]);
    jobs.reset();
    oldestJob.reset();
    up.set({ source: 'redis' }, queues.ok ? 1 : 0);
    if (queues.ok) {
      for (const figures of queues.value) {
        for (const state of QUEUE_STATES) jobs.set({ queue: figures.queue, state }, figures.counts[state]);
        oldestJob.set({ queue: figures.queue }, figures.oldestWaitingSeconds);
      }
    } else log.warn('metrics: could not read the queues', { error: queues.error });
    up.set({ source: 'database' }, backlog.ok ? 1 : 0);
    for (const [key, gauges] of Object.entries(backlogGauges))
      gauges.show(backlog.ok ? backlog.value[key as keyof Backlog] : undefined);
    if (!backlog.ok) log.warn('metrics: could not read the backlogs', { error: backlog.error });
  };
}

/** A count and the age of its oldest: backorder_outbox_pending and backorder_outbox_pending_oldest_seconds. */
function waitingGauges(gauge: (name: string, help: string) => Gauge, name: string, what: string) {
  const count = gauge(`backorder_${name}`, `${what}.`);
  const oldest = gauge(`backorder_${name}_oldest_seconds`, `${what}: age of the oldest; 0 when none.`);
  return {
    /** Unknown this scrape (the database did not answer): NaN, neither a stale figure nor a false 0. */
    show(waiting: Waiting | undefined) {
      count.set(waiting?.count ?? NaN);
      oldest.set(waiting?.oldestSeconds ?? NaN);
    },
  };
}

type Within<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function within<T>(work: Promise<T>, ms: number): Promise<Within<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return { ok: true, value: await Promise.race([work, late]) };
  } catch (error) {
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
  }
}
