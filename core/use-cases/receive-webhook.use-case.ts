/**
 * A platform's webhook delivery: authenticated first (the platform's signature over the raw body and
 * the app's header, neither needing the body parsed or the database asked), then read, its store
 * found, duplicates dropped (by the delivery id), and a stock report filed or the event queued.
 * Nothing here calls the platform: the answer must come back in milliseconds.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client';
import { forgetDeliveries, recordDelivery } from '../db/deliveries.repo';
import { findStore } from '../db/stores.repo';
import type { StoreHash } from '../domain/types';
import type { WebhookRejection } from '../lib/metrics';
import type { PlatformApp, WebhookDelivery, WebhookRequest } from '../platform/types';
import type { SecretBox } from '../security/crypto';
import { isDerivedHookToken, type HookTokens } from '../security/hook-token';
import { STOCK_EVENTS } from './file-stock-report.use-case';

/**
 * What every unauthenticated delivery is told, whatever failed: the answer must not say which check
 * it was, nor whether the store it names has the app installed. The reason goes to the log only.
 */
export const WEBHOOK_UNAUTHENTICATED = 'Webhook not authenticated.';

/** `topic` once the payload is authenticated and read (never taken from an unauthenticated body). */
export type WebhookOutcome =
  | { kind: 'accepted'; storeId: number; topic: string }
  | { kind: 'duplicate'; topic: string }
  /** Authentic, for a store the app no longer serves (uninstalled): acknowledged, nothing done. */
  | { kind: 'ignored'; reason: string; topic: string }
  /**
   * 401: `reason` is for the log; the answer is WEBHOOK_UNAUTHENTICATED. 400: a bad payload.
   * `cause`: which check refused it, in a word (for the metrics).
   */
  | { kind: 'rejected'; status: 400 | 401; reason: string; cause: WebhookRejection; topic?: string };

export interface ReceiveDeps {
  db: Db;
  box: SecretBox;
  /** Checks the header derived for each store at registration. */
  hookTokens: HookTokens;
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
  const auth = authenticate(deps, request);
  if (!auth.ok) return unauthenticated(auth.reason, auth.cause);
  const read = deps.app.readWebhook(request);
  if (!read.ok) return { kind: 'rejected', status: 400, reason: read.reason, cause: 'payload' };
  const payload = read.value;
  const topic = payload.topic;
  // A header issued for one store says nothing about another's deliveries.
  if (auth.storeId !== undefined && auth.storeId !== payload.platformId)
    return unauthenticated('header issued for another store', 'token');
  const stamp = stampProblem(payload.createdAt, receivedAt);
  if (stamp) return { kind: 'rejected', status: 400, reason: stamp, cause: 'stale', topic };
  const store = await findStore(deps.db, deps.app.name, payload.platformId);
  // A hook registered before headers were derived carries the store's stored token until set-up
  // registers it again (README): checked against the row the route reads anyway.
  if (auth.legacy !== undefined) {
    const stored = store?.webhookTokenEnc ? deps.box.decrypt(store.webhookTokenEnc) : undefined;
    if (!stored || !sameSecret(auth.legacy, stored))
      return unauthenticated('bad webhook token header', 'token');
  }
  // Authentic, for a store the app does not serve now: the app was uninstalled (the uninstall
  // callback usually comes before `store/app/uninstalled`) or a straggler of an old install.
  // Acknowledged, so the platform neither retries it nor counts it against the app's endpoint.
  if (!store || store.status !== 'active') return { kind: 'ignored', reason: 'store not installed', topic };
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
    return { kind: 'duplicate', topic };
  // A topic the app has no use for is acknowledged and dropped (STYLE.md's "ignore" kind).
  if (!delivery) return { kind: 'accepted', storeId: store.id, topic };
  try {
    await (STOCK_EVENTS.has(delivery.event.kind) ? deps.fileReport(delivery) : deps.enqueue(delivery));
  } catch (err) {
    // Not queued, so not seen: the platform's retry of this delivery must be taken, not dropped.
    await forgetDeliveries(deps.db, store.id, keys);
    throw err;
  }
  return { kind: 'accepted', storeId: store.id, topic };
}

type Authenticated =
  | { ok: true; storeId: StoreHash; legacy?: undefined }
  | { ok: true; storeId?: undefined; legacy: string }
  | { ok: false; reason: string; cause: WebhookRejection };

/**
 * The checks that need neither the body parsed nor the database: the platform's signature (and its
 * timestamp) over the raw body, then the app's header, which names the store it was issued for.
 */
function authenticate(deps: ReceiveDeps, request: WebhookRequest): Authenticated {
  const signature = deps.app.verifyWebhook(request, deps.clock());
  if (!signature.ok)
    return { ok: false, reason: signature.reason, cause: signature.stale ? 'stale' : 'signature' };
  const headerName = deps.app.webhookSecretHeader;
  if (!headerName) return { ok: false, reason: 'platform without a webhook header', cause: 'token' };
  const header = request.header(headerName);
  if (!header) return { ok: false, reason: 'no webhook token header', cause: 'token' };
  if (!isDerivedHookToken(header)) return { ok: true, legacy: header };
  const storeId = deps.hookTokens.check(deps.app.name, header);
  return storeId ? { ok: true, storeId } : { ok: false, reason: 'bad webhook token header', cause: 'token' };
}

const unauthenticated = (reason: string, cause: WebhookRejection): WebhookOutcome => ({
  kind: 'rejected',
  status: 401,
  reason,
  cause,
});

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

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
