/**
 * What the app's state should be: the store's history (warehouse counts, accepted orders, merchant
 * changes) replayed through the product's own rules (`decide`), from the state each item had when the
 * load began. Twice: in the platform's exact order, and in the order the app can know (the platform's
 * second, then when the news reached the app) — two events in one second whose deliveries were
 * reordered by retries cannot be told apart by any app (README, "Known limits").
 */
import { decide } from '../../../core/domain/decide';
import { computeStatus, platformQuantity } from '../../../core/domain/status';
import type { ItemEvent, ItemState, RuleSettings } from '../../../core/domain/types';
import type { DeliveryRecord, WebhookPayload } from '../../../emulator';
import type { PlatformOp, Sellable } from './platform';

/** What the app should have published for a state: the level the platform sells from, and purchase on/off. */
export function publicationOf(state: ItemState, settings: RuleSettings, now: Date): Sellable {
  return {
    level: platformQuantity(state, settings, now),
    purchasable: computeStatus(state, settings, now) !== 'unavailable',
  };
}

export interface MerchantInput {
  sku: string;
  enabled: boolean;
  /** When the app accepted it, and the platform's last operation before then. */
  acceptedAt: number;
  afterSeq: number;
}

interface Input {
  seq: number;
  known: [number, number];
  event: ItemEvent;
}

export interface SaleOutcome {
  accepted: number;
  oversold: number;
  /** Units taken from stock on hand (a later count already leaves them out). */
  fromOnHand: number;
}

export interface Replay {
  state: ItemState;
  sales: Map<number, SaleOutcome>;
}

const actor = { kind: 'platform' } as const;

/** The first delivery of each payload the app answered with 2xx. */
export function arrivals(deliveries: DeliveryRecord[]): Map<WebhookPayload, number> {
  const first = new Map<WebhookPayload, number>();
  for (const d of deliveries) {
    if (!d.ok || first.has(d.payload)) continue;
    first.set(d.payload, Date.parse(d.at));
  }
  return first;
}

/** One item's inputs: its operations on the platform (orders accepted) and the merchant's changes. */
export function inputsOf(
  ops: PlatformOp[],
  merchant: MerchantInput[],
  arrived: Map<WebhookPayload, number>,
): Input[] {
  const inputs: Input[] = [];
  for (const op of ops) {
    if (op.kind === 'order' && op.orderId === undefined) continue;
    // A count's one inventory event; an order's news for the app is `store/order/created`.
    const news =
      op.kind === 'count' ? op.payloads[0] : op.payloads.find((p) => p.scope === 'store/order/created');
    const known: [number, number] = [news?.created_at ?? 0, (news && arrived.get(news)) ?? Infinity];
    const event: ItemEvent =
      op.kind === 'count'
        ? { type: 'on-hand', key: `op:${op.seq}`, level: op.level!, actor }
        : {
            type: 'sale',
            key: `op:${op.seq}`,
            quantity: op.quantity!,
            orderId: String(op.orderId),
            actor,
          };
    inputs.push({ seq: op.seq, known, event });
  }
  for (const m of merchant) {
    const event: ItemEvent = {
      type: 'manual-toggle',
      key: `merchant:${m.acceptedAt}`,
      enabled: m.enabled,
      actor: { kind: 'user', userId: 'chaos' },
    };
    inputs.push({ seq: m.afterSeq + 0.5, known: [Math.floor(m.acceptedAt / 1000), m.acceptedAt], event });
  }
  return inputs;
}

export function replay(
  initial: ItemState,
  settings: RuleSettings,
  inputs: Input[],
  order: 'platform' | 'known',
  now: Date,
): Replay {
  const sorted = [...inputs].sort((a, b) =>
    order === 'platform'
      ? a.seq - b.seq
      : a.known[0] - b.known[0] || a.known[1] - b.known[1] || a.seq - b.seq,
  );
  let state: ItemState = { ...initial, lastEventKey: null };
  const sales = new Map<number, SaleOutcome>();
  for (const input of sorted) {
    const next = decide(state, settings, input.event, now).item;
    if (input.event.type === 'sale') {
      const accepted = state.stock - next.stock;
      sales.set(Number(input.event.orderId), {
        accepted,
        oversold: input.event.quantity - accepted,
        fromOnHand: Math.min(accepted, Math.max(0, state.stock)),
      });
    }
    state = next;
  }
  return { state, sales };
}
