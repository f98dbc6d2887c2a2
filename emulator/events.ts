/**
 * Webhook events: the one table of scopes the emulator fires, payload building exactly as BigCommerce's
 * samples (`{scope, store_id, data, hash, created_at, producer}`), and hook-scope matching with wildcards.
 */
import { createHash } from 'node:crypto';

export const EVENT_SCOPES = [
  'store/product/created',
  'store/product/updated',
  'store/product/deleted',
  'store/product/inventory/updated',
  'store/product/inventory/order/updated',
  'store/sku/created',
  'store/sku/updated',
  'store/sku/deleted',
  'store/sku/inventory/updated',
  'store/sku/inventory/order/updated',
  'store/order/created',
  'store/order/updated',
  'store/order/archived',
  'store/order/statusUpdated',
  'store/app/uninstalled',
] as const;

export type EventScope = (typeof EVENT_SCOPES)[number];

export interface InventoryData {
  product_id: number;
  method: 'absolute' | 'relative';
  value: number;
  variant_id?: number;
}

export type EventData =
  | { type: 'product'; id: number; inventory?: InventoryData }
  | { type: 'sku'; id: number; sku?: { product_id: number; variant_id: number }; inventory?: InventoryData }
  | { type: 'order'; id: number; status?: { previous_status_id: number; new_status_id: number } }
  | { type: 'store' };

export interface WebhookPayload {
  scope: string;
  store_id: string;
  data: EventData;
  hash: string;
  created_at: number;
  producer: string;
}

export function buildPayload(
  store: { hash: string; storeId: number },
  scope: EventScope,
  data: EventData,
  now: Date,
): WebhookPayload {
  const created_at = Math.floor(now.getTime() / 1000);
  // As BigCommerce documents it: "the payload data encoded in JSON format" through SHA-1, so two
  // events with the same data share it.
  const hash = createHash('sha1').update(JSON.stringify(data)).digest('hex');
  return { scope, store_id: String(store.storeId), data, hash, created_at, producer: `stores/${store.hash}` };
}

/** `store/product/*` matches every `store/product/...` event, nested ones included; `store/*` all. */
export function scopeMatches(hookScope: string, eventScope: string): boolean {
  if (hookScope === eventScope) return true;
  if (!hookScope.endsWith('/*')) return false;
  return eventScope.startsWith(hookScope.slice(0, -1));
}

/** Scopes a hook may subscribe to: a known event scope, or a wildcard prefix of one. */
export function isKnownHookScope(scope: string): boolean {
  if (!scope.startsWith('store/')) return false;
  if (scope.endsWith('/*')) return scope.length > 2;
  return /^store\/[a-zA-Z]+(\/[a-zA-Z]+)*$/.test(scope);
}
