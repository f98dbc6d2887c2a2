/** App defaults from app.config.json, validated so a bad edit fails at start, not at first use. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../lib/paths';
import { ConfigError } from './env';

const int = (min: number) => z.number().int().min(min);

const schema = z.object({
  defaults: z.object({
    switchCondition: int(-1_000_000),
    threshold: int(0),
    timeZone: z.string().min(1),
    notifyOwner: z.boolean(),
    autoAssignNewProducts: z.boolean(),
    template: z.object({
      name: z.string().min(1),
      buttonText: z.string().min(1),
      productMessage: z.string(),
      cartMessage: z.string(),
      packingSlipNote: z.string(),
    }),
  }),
  platform: z.object({
    bigcommerce: z.object({
      productBatchSize: int(1).max(10),
      variantBatchSize: int(1).max(50),
      webhookMaxAgeSeconds: int(1),
    }),
  }),
  jobs: z.object({
    scheduleEveryMs: int(1000),
    attempts: int(1),
    backoffMs: int(1),
    /** A worker's hold on a job; a killed worker's jobs are retried after this. */
    lockDurationMs: int(1000),
    stalledIntervalMs: int(1000),
    /** A store's one-pass-at-a-time lock: a killed worker's store is taken over after this. */
    storeLeaseMs: int(1000),
    /** How often each worker makes sure the minute schedule exists (Redis may have lost it). */
    schedulerCheckMs: int(1000),
    /** How long a notify worker holds an outbox row while sending before another may retry it. */
    notifyLeaseMs: int(1000),
    /**
     * After the app could not take platform news (a webhook refused, Redis lost), no backorder room
     * is added for this long: the platform sends that news again (BigCommerce: after 60 s).
     */
    newsHoldMs: z.number().int().min(0).default(65_000),
    /** Outbox rows still pending after this are re-queued by the minute sweep. */
    outboxSweepAfterMs: int(1000),
    concurrency: z.object({
      ingest: int(1),
      orders: int(1),
      stockRefresh: int(1),
      platformSync: int(1),
      notify: int(1),
      schedule: int(1),
      import: int(1),
      storeSetup: int(1),
      switchCondition: int(1),
    }),
  }),
  /**
   * How long records are kept (README, "Retention"); the minute sweep prunes what is older, a batch at
   * a time. Defaults apply to a file without the section.
   */
  retention: z
    .object({
      /** Activity log entries (`events`); the Overview's 30-day chart reads the last 31 days. */
      activityDays: z
        .number()
        .int()
        .min(31, 'must be at least 31 (the Overview charts 30 days)')
        .default(365),
      /**
       * Webhook delivery ids and applied event keys (`deliveries`), which drop duplicates: at least
       * the 7 days past which a delivery's stamp is refused (BigCommerce retries for about 48 hours).
       * Deliveries whose work is not done are never pruned.
       */
      webhookDays: z
        .number()
        .int()
        .min(7, 'must be at least 7 (deliveries are deduplicated for 7 days)')
        .default(7),
      /** Outbox effects once sent (emails, platform writes); effects still pending are never pruned. */
      outboxSentDays: z.number().int().min(1).default(7),
      /** Import previews left unconfirmed, with their staged rows. */
      importPreviewDays: z.number().int().min(1).default(7),
      /** Finished imports (applied, discarded, failed); each store keeps its newest applied one. */
      importDays: z.number().int().min(1).default(365),
      /** An upload file no import is reading, left by a process that died. */
      uploadHours: z.number().int().min(1).default(24),
      /** Rows one DELETE removes, and DELETEs one table gets a sweep: a backlog goes over several minutes. */
      batchRows: z.number().int().min(1).default(5_000),
      batchesPerSweep: z.number().int().min(1).default(10),
    })
    .prefault({}),
  session: z.object({
    /** One session token's life; the admin renews it while it is open. */
    ttlSeconds: int(60),
    /** A session's life from the launch that opened it, renewals included. */
    maxAgeSeconds: int(60).default(43_200),
  }),
  items: z.object({ pageSizeDefault: int(1), pageSizeMax: int(1) }),
});

export type AppConfig = z.infer<typeof schema>;

export function loadAppConfig(file = path.join(projectRoot, 'app.config.json')): AppConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`app.config.json could not be read: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`app.config.json: ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}
