/**
 * The BigCommerce side of a run: the emulator in this process, a store with the demo catalog, the 30
 * items the load works on, and what happens to them there. Warehouse counts and shopper orders are
 * the control API's own store operations, called here in order so that the platform's exact order of
 * events is known: each event the store fires while one of them runs is that operation's; any other
 * is the app's doing (its writes).
 */
import { ControlError, startEmulator, type Emulator, type WebhookPayload } from '../../../emulator';
import type { EmulatedStore } from '../../../emulator';
import { CLIENT_ID, CLIENT_SECRET } from '../../support/app-harness';

export const HASH = 'chaos1';

export interface Target {
  sku: string;
  productId: number;
  variantId: number;
  trackBy: 'product' | 'variant';
}

/** What the platform sells of an item: its level, and whether purchase is enabled. */
export interface Sellable {
  level: number;
  purchasable: boolean;
}

export interface PlatformOp {
  seq: number;
  at: number;
  kind: 'count' | 'order';
  sku: string;
  level?: number;
  quantity?: number;
  orderId?: number;
  /** Why the platform refused the order, when it did. */
  refused?: string;
  /** The platform's figures just before: what it sold from. */
  before: Sellable;
  /** Who set that level: a warehouse count (and the platform's own sales since), or the app's write. */
  setBy: 'warehouse' | 'app';
  /**
   * What the app's writes since the last warehouse count added to what the platform may sell: units
   * (net of what they took away), or every unit when they turned purchase back on. A level the app
   * only lowered still sells from the warehouse's count: the app enabled none of it.
   */
  appAdded: number;
  payloads: WebhookPayload[];
}

export class Platform {
  readonly ops: PlatformOp[] = [];
  /** Events the store fired on its own while no operation of ours ran: the app's writes. */
  readonly appEvents: Array<{ at: number; payload: WebhookPayload }> = [];
  readonly opPayloads = new Set<WebhookPayload>();
  private current: PlatformOp | undefined;
  private seq = 0;
  private readonly last = new Map<
    string,
    { after: Sellable; setBy: 'warehouse' | 'app'; appAdded: number }
  >();
  private constructor(readonly emulator: Emulator) {}

  static async start(retryDelaysMs: number[]): Promise<Platform> {
    const self: { platform?: Platform } = {};
    const emulator = await startEmulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      webhookRetryDelaysMs: retryDelaysMs,
      // A store at this pace is on an enterprise plan: the rate limit has tests of its own.
      rateLimit: null,
      historyLimit: 10_000_000,
      onEvent: (_hash, payload) => self.platform?.observe(payload),
    });
    self.platform = new Platform(emulator);
    emulator.createStore({ hash: HASH, seed: 'demo' });
    return self.platform;
  }

  get store(): EmulatedStore {
    return this.emulator.store(HASH)!;
  }

  /** `count` items: whole products tracked per variant (all purchasable) first, then simple products. */
  targets(count: number): Target[] {
    const byVariant = this.store.products.filter(
      (p) =>
        p.inventory_tracking === 'variant' &&
        p.variants.length === 3 &&
        p.variants.every((v) => !v.purchasing_disabled),
    );
    const chosen: Target[] = byVariant.slice(0, 2).flatMap((p) =>
      p.variants.map((v) => ({
        sku: v.sku,
        productId: p.id,
        variantId: v.id,
        trackBy: 'variant' as const,
      })),
    );
    for (const p of this.store.products.filter((x) => x.inventory_tracking === 'product')) {
      if (chosen.length >= count) break;
      chosen.push({ sku: p.sku, productId: p.id, variantId: p.variants[0]!.id, trackBy: 'product' });
    }
    if (chosen.length < count)
      throw new Error(`the demo store has only ${chosen.length} stock-tracked items`);
    return chosen.slice(0, count);
  }

  sellable(t: Target): Sellable {
    const product = this.store.productById(t.productId)!;
    if (t.trackBy === 'product')
      return { level: product.inventory_level, purchasable: product.availability !== 'disabled' };
    const variant = product.variants.find((v) => v.id === t.variantId)!;
    return { level: variant.inventory_level, purchasable: !variant.purchasing_disabled };
  }

  /** A warehouse (or WMS) sets the item's count, as the control API's PUT /inventory does. */
  count(t: Target, level: number): PlatformOp {
    return this.run(t, { kind: 'count', level }, () => {
      this.store.setInventory(t.sku, level);
    });
  }

  /** A shopper orders `quantity` units; the platform refuses past its level, as BigCommerce does. */
  order(t: Target, quantity: number): PlatformOp {
    return this.run(t, { kind: 'order', quantity }, (op) => {
      try {
        const order = this.store.placeOrder({
          lines: [{ sku: t.sku, quantity }],
          customerEmail: `shopper${op.seq}@example.com`,
          shippingCountry: 'NL',
        });
        op.orderId = order.id;
      } catch (err) {
        if (!(err instanceof ControlError)) throw err;
        op.refused = err.body.error;
      }
    });
  }

  private run(
    t: Target,
    what: Pick<PlatformOp, 'kind' | 'level' | 'quantity'>,
    act: (op: PlatformOp) => void,
  ): PlatformOp {
    const before = this.sellable(t);
    const last = this.last.get(t.sku);
    const moved =
      last && (last.after.level !== before.level || last.after.purchasable !== before.purchasable);
    const setBy = !last || moved ? 'app' : last.setBy;
    const appAdded = !last
      ? Infinity
      : !moved
        ? last.appAdded
        : !last.after.purchasable && before.purchasable
          ? Infinity
          : last.appAdded + before.level - last.after.level;
    const op: PlatformOp = {
      seq: ++this.seq,
      at: Date.now(),
      sku: t.sku,
      ...what,
      before,
      setBy,
      appAdded,
      payloads: [],
    };
    this.current = op;
    try {
      act(op);
    } finally {
      this.current = undefined;
    }
    this.last.set(
      t.sku,
      what.kind === 'count'
        ? { after: this.sellable(t), setBy: 'warehouse', appAdded: 0 }
        : { after: this.sellable(t), setBy, appAdded },
    );
    this.ops.push(op);
    return op;
  }

  /** Samples the items' figures every `everyMs` (kept on change) until the returned stop is called. */
  watch(
    targets: Target[],
    everyMs = 250,
  ): { history: Map<string, Array<{ at: number } & Sellable>>; stop(): void } {
    const history = new Map(targets.map((t) => [t.sku, [] as Array<{ at: number } & Sellable>]));
    const sample = () => {
      for (const t of targets) {
        const seen = history.get(t.sku)!;
        const now = this.sellable(t);
        const prev = seen[seen.length - 1];
        if (!prev || prev.level !== now.level || prev.purchasable !== now.purchasable)
          seen.push({ at: Date.now(), ...now });
      }
    };
    sample();
    const timer = setInterval(sample, everyMs);
    return { history, stop: () => clearInterval(timer) };
  }

  get lastSeq(): number {
    return this.seq;
  }

  private observe(payload: WebhookPayload) {
    if (this.current) {
      this.current.payloads.push(payload);
      this.opPayloads.add(payload);
    } else this.appEvents.push({ at: Date.now(), payload });
  }
}
