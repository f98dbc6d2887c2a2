/** Everything the checks read once the run has settled, gathered in one place. */
import type { CaughtMail } from '../../../core/mail/catcher';
import type { RuleSettings } from '../../../core/domain/types';
import type { AppDb, AppEvent, AppItem, Notice } from './app-db';
import type { FaultRecord } from './faults';
import type { MerchantChange } from './merchant';
import type { Platform, PlatformOp, Sellable, Target } from './platform';
import type { Profile } from './profile';
import { arrivals, inputsOf, replay, type Replay } from './reference';
import { byTarget } from './setup';
import type { Settled } from './settle';

export interface Evidence {
  profile: Profile;
  platform: Platform;
  targets: Target[];
  settings: RuleSettings;
  /** The app's items when the load began, and now. */
  initial: Map<string, AppItem>;
  final: Map<string, AppItem>;
  /** The platform's figures for each item now, and as they moved during the run. */
  sellable: Map<string, Sellable>;
  history: Map<string, Array<{ at: number } & Sellable>>;
  /** The load's operations (not the set-up's). */
  ops: PlatformOp[];
  loadStartedAt: number;
  loadEndedAt: number;
  /** The app's counting log entries since the load began. */
  events: AppEvent[];
  eventTypes: Record<string, number>;
  notices: Notice[];
  mail: CaughtMail[];
  merchant: MerchantChange[];
  faults: FaultRecord[];
  settled: Settled;
  /** The store's history replayed through the rules, per SKU. */
  reference: Map<string, { platform: Replay; known: Replay }>;
  now: Date;
}

export interface Gathering {
  profile: Profile;
  platform: Platform;
  db: AppDb;
  targets: Target[];
  initial: Map<string, AppItem>;
  firstEventId: number;
  history: Map<string, Array<{ at: number } & Sellable>>;
  ops: PlatformOp[];
  loadStartedAt: number;
  loadEndedAt: number;
  mail: CaughtMail[];
  merchant: MerchantChange[];
  faults: FaultRecord[];
  settled: Settled;
}

export async function gather(g: Gathering): Promise<Evidence> {
  const now = new Date();
  const settings = await g.db.settings();
  const final = byTarget(await g.db.items(), g.targets);
  if (!final) throw new Error('an item the load worked on is gone from the app');
  const arrived = arrivals(g.platform.emulator.deliveries);
  const reference = new Map(
    g.targets.map((t) => {
      const inputs = inputsOf(
        g.ops.filter((op) => op.sku === t.sku),
        g.merchant
          .filter((m) => m.sku === t.sku && m.acceptedAt !== undefined)
          .map((m) => ({
            sku: m.sku,
            enabled: m.enabled,
            acceptedAt: m.acceptedAt!,
            afterSeq: m.afterSeq!,
          })),
        arrived,
      );
      const start = g.initial.get(t.sku)!.state;
      return [
        t.sku,
        {
          platform: replay(start, settings, inputs, 'platform', now),
          known: replay(start, settings, inputs, 'known', now),
        },
      ] as const;
    }),
  );
  return {
    ...g,
    settings,
    final,
    sellable: new Map(g.targets.map((t) => [t.sku, g.platform.sellable(t)])),
    events: await g.db.events(g.firstEventId),
    eventTypes: await g.db.eventTypes(g.firstEventId),
    notices: await g.db.notices(),
    reference,
    now,
  };
}

/** `xs` grouped by `key`, each group in the order of `xs`. */
export function groupBy<T, K>(xs: T[], key: (x: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const x of xs) {
    const k = key(x);
    const group = groups.get(k);
    if (group) group.push(x);
    else groups.set(k, [x]);
  }
  return groups;
}

/** The app's item id for a SKU. */
export const itemIdOf = (e: Evidence, sku: string) => e.final.get(sku)!.id;

export interface Check {
  name: string;
  pass: boolean;
  /** The figures, one short line each. */
  figures: string[];
  /** Every violation, worst first. */
  violations: string[];
}
