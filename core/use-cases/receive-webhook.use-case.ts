/**
 * A platform's webhook delivery: read its payload, find the store, verify the signature and the
 * secret header set at registration, drop duplicates (by the delivery id), then file a stock report
 * or queue it. Nothing here calls the platform: the answer must come back in milliseconds.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client';
import { forgetDeliveries, recordDelivery } from '../db/deliveries.repo';
import { findStore } from '../db/stores.repo';
import type { PlatformApp, WebhookDelivery, WebhookRequest } from '../platform/types';
import type { SecretBox } from '../security/crypto';
import { STOCK_EVENTS } from './file-stock-report.use-case';

export type WebhookOutcome =
  | { kind: 'accepted'; storeId: number }
  | { kind: 'duplicate' }
  | { kind: 'rejected'; status: 400 | 401; reason: string };

export interface ReceiveDeps {
  db: Db;
  box: SecretBox;
  /** The platform the delivery claims to come from. */
  app: PlatformApp;
  clock: () => Date;
  /** Leaves a stock event's report for the store's next stock pass. */
  fileReport: (delivery: WebhookDelivery) => Promise<unknown>;
  /** Queues any other event for the ingest worker. */
  enqueue: (delivery: WebhookDelivery) => Promise<void>;
}

export async function receiveWebhook(deps: ReceiveDeps, request: WebhookRequest): Promise<WebhookOutcome> {
  const receivedAt = deps.clock().getTime();
  const read = deps.app.readWebhook(request);
  if (!read.ok) return { kind: 'rejected', status: 400, reason: read.reason };
  const payload = read.value;
  const stamp = stampProblem(payload.createdAt, receivedAt);
  if (stamp) return { kind: 'rejected', status: 400, reason: stamp };
  const store = await findStore(deps.db, deps.app.name, payload.platformId);
  if (!store || store.status !== 'active' || !store.webhookTokenEnc)
    return { kind: 'rejected', status: 401, reason: 'unknown store' };
  const check = deps.app.verifyWebhook(request, deps.clock());
  if (!check.ok) return { kind: 'rejected', status: 401, reason: check.reason };
  const secretHeader = deps.app.webhookSecretHeader;
  if (secretHeader && !sameSecret(request.header(secretHeader), deps.box.decrypt(store.webhookTokenEnc))) {
    return { kind: 'rejected', status: 401, reason: 'bad webhook token header' };
  }
  // Deduplicated by the delivery id, which a retry keeps and every new event gets. Not by the
  // payload's `hash`: BigCommerce documents it as a hash of the payload data, which two genuine events
  // can share (two one-unit sales of a product), and dropping the second loses it. A duplicate let
  // through does no harm: counts, reads and orders are applied idempotently.
  const keys = [`id:${payload.deliveryId}`];
  const delivery: WebhookDelivery | undefined = payload.event && {
    storeId: store.id,
    deliveryId: payload.deliveryId,
    topic: payload.topic,
    event: payload.event,
    createdAt: payload.createdAt,
    receivedAt,
  };
  // Kept with the id until its work is done: Redis may lose what it queues (`webhook-inbox`).
  const waiting = delivery as unknown as Record<string, unknown> | undefined;
  if (!(await recordDelivery(deps.db, store.id, keys[0]!, payload.topic, waiting)))
    return { kind: 'duplicate' };
  // A topic the app has no use for is acknowledged and dropped (STYLE.md's "ignore" kind).
  if (!delivery) return { kind: 'accepted', storeId: store.id };
  try {
    await (STOCK_EVENTS.has(delivery.event.kind) ? deps.fileReport(delivery) : deps.enqueue(delivery));
  } catch (err) {
    // Not queued, so not seen: the platform's retry of this delivery must be taken, not dropped.
    await forgetDeliveries(deps.db, store.id, keys);
    throw err;
  }
  return { kind: 'accepted', storeId: store.id };
}

/** A platform retries a delivery for about 48 hours; deliveries dedupe for 7 days. */
const OLDEST_STAMP_MS = 7 * 24 * 3600 * 1000;
/** Clocks disagree a little; a stamp far in the future would order every later report behind it. */
const NEWEST_STAMP_MS = 3600 * 1000;

/** Why the payload's `created_at` (seconds) cannot be right, if it cannot. */
function stampProblem(createdAt: number | undefined, now: number): string | undefined {
  if (createdAt === undefined) return undefined;
  const ms = createdAt * 1000;
  if (ms < now - OLDEST_STAMP_MS) return 'created_at is more than 7 days old';
  if (ms > now + NEWEST_STAMP_MS) return 'created_at is more than an hour ahead';
  return undefined;
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
