/**
 * A stock count delivered to an app exactly as BigCommerce delivers one (Standard Webhooks signature
 * keyed with base64(client secret), the hook's secret header, the payload shape), for tests and
 * benchmarks that need deliveries the emulator's own data did not cause: out of order, stamped in
 * the past, or thousands at once.
 */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface ForgedCount {
  /** The app's webhook endpoint. */
  url: string;
  clientSecret: string;
  /** The header value the app registered its hooks with (`x-backorder-token`). */
  hookToken: string;
  hash: string;
  productId: number;
  value: number;
  /** The payload's `created_at` (seconds); now by default. */
  createdAt?: number;
  /** `absolute` (a count, the default) or `relative` (a change by `value`, as an API adjustment's). */
  method?: 'absolute' | 'relative';
  /** More headers to send (a proxy's `x-request-id`, say). */
  headers?: Record<string, string>;
}

/** POSTs a `store/product/inventory/updated` delivery; answers the app's HTTP status. */
export async function deliverInventoryCount(count: ForgedCount): Promise<number> {
  const id = `msg_${randomBytes(8).toString('hex')}`;
  const body = JSON.stringify({
    scope: 'store/product/inventory/updated',
    store_id: '1',
    data: {
      type: 'product',
      id: count.productId,
      inventory: { product_id: count.productId, method: count.method ?? 'absolute', value: count.value },
    },
    hash: randomBytes(20).toString('hex'),
    created_at: count.createdAt ?? Math.floor(Date.now() / 1000),
    producer: `stores/${count.hash}`,
  });
  const now = new Date();
  const signer = new Webhook(Buffer.from(count.clientSecret).toString('base64'));
  const res = await fetch(count.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signer.sign(id, now, body),
      'x-backorder-token': count.hookToken,
      ...count.headers,
    },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}
