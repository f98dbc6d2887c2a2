/**
 * A platform's webhook delivery: authenticated first (the platform's signature over the raw body and
 * the app's header, neither needing the body parsed or the database asked), then read, its store
 * found, duplicates dropped (by the delivery id), and a stock report filed or the event queued.
 * Nothing here calls the platform: the answer must come back in milliseconds. The store comes from a
 * short-lived cache (`store-cache.ts`), the recording and filing from a group commit over the
 * deliveries arriving together (`webhook-inbox.use-case.ts`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client';
import type { StoreCache } from '../db/store-cache';
import { findStore } from '../db/stores.repo';
import type { StoreHash } from '../domain/types';
import type { WebhookRejection } from '../lib/metrics';
import type { PlatformApp, WebhookDelivery, WebhookRequest } from '../platform/types';
import type { SecretBox } from '../security/crypto';
import { isDerivedHookToken, type HookTokens } from '../security/hook-token';
import type { Arrival, Taken } from './webhook-inbox.use-case';

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
  /** The stores that have the app installed, kept a few seconds (`store-cache.ts`). */
  stores: StoreCache;
  /**
   * Records the delivery and files its work (a stock report, or a job for any other event), with the
   * deliveries arriving at the same moment (`takeDeliveries` behind a group commit); `duplicate` for
   * one seen before. Answers once the delivery is durable and its work filed; throws otherwise.
   */
  take: (arrival: Arrival) => Promise<Taken>;
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
  const storeId = await storeOf(deps, auth, payload.platformId);
  if (storeId === 'unauthenticated') return unauthenticated('bad webhook token header', 'token');
  // Authentic, for a store the app does not serve now: the app was uninstalled (the uninstall
  // callback usually comes before `store/app/uninstalled`) or a straggler of an old install.
  // Acknowledged, so the platform neither retries it nor counts it against the app's endpoint.
  if (storeId === undefined) return { kind: 'ignored', reason: 'store not installed', topic };
  // Deduplicated by the delivery id, which a retry keeps and every new event gets. Not by the
  // payload's `hash`: BigCommerce documents it as a hash of the payload data, which two genuine events
  // can share (two one-unit sales of a product), and dropping the second loses it. A duplicate let
  // through does no harm: counts, reads and orders are applied idempotently.
  const delivery: WebhookDelivery | undefined = payload.event && {
    storeId,
    deliveryId: payload.deliveryId,
    topic: payload.topic,
    event: payload.event,
    createdAt: payload.createdAt,
    receivedAt,
  };
  // Kept with the id until its work is done: Redis may lose what it queues (`webhook-inbox`). A topic
  // the app has no use for is recorded, acknowledged and dropped (STYLE.md's "ignore" kind).
  const taken = await deps.take({
    storeId,
    deliveryId: payload.deliveryId,
    topic,
    ...(delivery ? { delivery } : {}),
  });
  return taken === 'duplicate' ? { kind: 'duplicate', topic } : { kind: 'accepted', storeId, topic };
}

/**
 * The installed store the delivery is for, if any. A hook registered before headers were derived
 * carries the store's stored token until set-up registers it again (README): checked against the
 * store's row, read every time (the cache keeps no credential).
 */
async function storeOf(
  deps: ReceiveDeps,
  auth: Extract<Authenticated, { ok: true }>,
  platformId: StoreHash,
): Promise<number | undefined | 'unauthenticated'> {
  if (auth.legacy === undefined) return deps.stores.activeStoreId(deps.app.name, platformId);
  const store = await findStore(deps.db, deps.app.name, platformId);
  const stored = store?.webhookTokenEnc ? deps.box.decrypt(store.webhookTokenEnc) : undefined;
  if (!stored || !sameSecret(auth.legacy, stored)) return 'unauthenticated';
  return store?.status === 'active' ? store.id : undefined;
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
