/**
 * A BigCommerce webhook delivery: find the store, verify the Standard Webhooks signature and the
 * secret header set at registration, drop duplicates (by `webhook-id`), enqueue.
 * Nothing here calls the platform: the answer must come back in milliseconds.
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client';
import { forgetDeliveries, recordDelivery } from '../db/deliveries.repo';
import { findStore } from '../db/stores.repo';
import { verifyWebhookSignature } from '../platform/bigcommerce/app';
import type { WebhookDelivery } from '../platform/types';
import type { SecretBox } from '../security/crypto';
import { STOCK_TOPICS } from './file-stock-report.use-case';

const payloadSchema = z.object({
  scope: z.string().min(1),
  store_id: z.union([z.string(), z.number()]).optional(),
  data: z.record(z.string(), z.unknown()).default({}),
  hash: z.string().min(1),
  created_at: z.number().optional(),
  producer: z.string().regex(/^stores\/[a-z0-9]+$/i),
});

export type WebhookOutcome =
  | { kind: 'accepted'; storeId: number }
  | { kind: 'duplicate' }
  | { kind: 'rejected'; status: 400 | 401; reason: string };

export interface ReceiveDeps {
  db: Db;
  box: SecretBox;
  clientSecret: string;
  maxAgeSeconds: number;
  clock: () => Date;
  /** Leaves a stock topic's report for the store's next stock pass. */
  fileReport: (delivery: WebhookDelivery) => Promise<unknown>;
  /** Queues any other topic for the ingest worker. */
  enqueue: (delivery: WebhookDelivery) => Promise<void>;
}

export interface Delivery {
  rawBody: Buffer;
  id?: string;
  timestamp?: string;
  signature?: string;
  token?: string;
}

export async function receiveWebhook(deps: ReceiveDeps, delivery: Delivery): Promise<WebhookOutcome> {
  const receivedAt = deps.clock().getTime();
  let json: unknown;
  try {
    json = JSON.parse(delivery.rawBody.toString('utf8'));
  } catch {
    return { kind: 'rejected', status: 400, reason: 'body is not JSON' };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { kind: 'rejected', status: 400, reason: 'not a BigCommerce webhook payload' };
  const payload = parsed.data;
  const store = await findStore(deps.db, 'bigcommerce', payload.producer.slice('stores/'.length));
  if (!store || store.status !== 'active' || !store.webhookTokenEnc)
    return { kind: 'rejected', status: 401, reason: 'unknown store' };
  const check = verifyWebhookSignature(
    delivery,
    delivery.rawBody,
    deps.clientSecret,
    deps.clock(),
    deps.maxAgeSeconds,
  );
  if (!check.ok) return { kind: 'rejected', status: 401, reason: check.reason };
  if (!sameSecret(delivery.token, deps.box.decrypt(store.webhookTokenEnc))) {
    return { kind: 'rejected', status: 401, reason: 'bad webhook token header' };
  }
  // Deduplicated by `webhook-id`, which a retry keeps and every new event gets. Not by the payload's
  // `hash`: BigCommerce documents it as a hash of the payload data, which two genuine events can share
  // (two one-unit sales of a product, an order updated twice the same way), and dropping the second
  // loses it. A duplicate let through does no harm: counts, reads and orders are applied idempotently.
  const keys = [`id:${delivery.id}`];
  if (!(await recordDelivery(deps.db, store.id, keys[0]!, payload.scope))) return { kind: 'duplicate' };
  try {
    const accepted: WebhookDelivery = {
      storeId: store.id,
      deliveryId: delivery.id!,
      topic: payload.scope,
      data: payload.data,
      createdAt: payload.created_at,
      receivedAt,
    };
    await (STOCK_TOPICS.has(accepted.topic) ? deps.fileReport(accepted) : deps.enqueue(accepted));
  } catch (err) {
    // Not queued, so not seen: the platform's retry of this delivery must be taken, not dropped.
    await forgetDeliveries(deps.db, store.id, keys);
    throw err;
  }
  return { kind: 'accepted', storeId: store.id };
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
