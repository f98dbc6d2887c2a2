/**
 * Merchant changes made while a backend is down: one item per outage, chosen when the load starts and
 * left alone by the load from then on (so its outcome is the change's alone), switched by hand
 * through the admin API during the outage. A merchant whose click fails tries again a few seconds
 * later, until the app takes it; each attempt is kept.
 */
import type { AdminClient } from '../../support/demo-store';
import type { AppItem } from './app-db';
import type { Target } from './platform';

export interface MerchantChange {
  sku: string;
  itemId: number;
  enabled: boolean;
  during: string;
  attempts: Array<{ at: number; answer: string }>;
  acceptedAt?: number;
  /** When the backend came back. */
  recoveredAt?: number;
  /** The platform's last operation before the app took the change. */
  afterSeq?: number;
}

const ATTEMPT_TIMEOUT_MS = 8000;
const RETRY_AFTER_MS = 3000;

/**
 * Picks an item for each outage: one on backorder, to switch off (the platform then stops selling
 * it); failing that, one that may go on backorder, to switch on.
 */
export function chooseItems(
  outages: string[],
  targets: Target[],
  items: Map<string, AppItem>,
  reserved: Set<string>,
): MerchantChange[] {
  const free = targets.map((t) => ({ t, item: items.get(t.sku)! }));
  const pick = (test: (i: AppItem) => boolean) =>
    free.find(({ t, item }) => !reserved.has(t.sku) && test(item));
  return outages.flatMap((during) => {
    const off = pick((i) => i.state.enabled && i.state.status === 'backorder');
    const on = off
      ? undefined
      : pick((i) => !i.state.enabled && i.state.stock <= 0 && i.state.stock > -i.state.threshold);
    const chosen = off ?? on;
    if (!chosen) return [];
    reserved.add(chosen.t.sku);
    return [{ sku: chosen.t.sku, itemId: chosen.item.id, enabled: !off, during, attempts: [] }];
  });
}

/** Clicks the switch until the app takes it (2xx), refuses it (4xx), or `giveUpAt` passes. */
export async function makeChange(
  api: AdminClient,
  change: MerchantChange,
  giveUpAt: number,
  lastSeq: () => number,
): Promise<void> {
  while (Date.now() < giveUpAt) {
    const at = Date.now();
    const answer = await Promise.race([
      api.patch(`/api/items/${change.itemId}`, { enabled: change.enabled }).then(
        (r) => r.status,
        (err: Error) => err.message,
      ),
      new Promise<string>((r) => setTimeout(() => r('no answer in 8 s'), ATTEMPT_TIMEOUT_MS).unref()),
    ]);
    const took = Date.now() - at;
    // A slow answer is worth seeing: the app waited on a backend that was down.
    change.attempts.push({
      at,
      answer: took > 1000 ? `${answer} after ${(took / 1000).toFixed(1)} s` : String(answer),
    });
    if (typeof answer === 'number' && answer < 500) {
      if (answer < 300) {
        change.acceptedAt = Date.now();
        change.afterSeq = lastSeq();
      }
      return;
    }
    await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
  }
}
