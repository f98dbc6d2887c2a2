/**
 * The merchant's set-up, through the real flows: install from the control panel (OAuth), an owner
 * email, the switch condition, a default template with the run's threshold, the items' first counts,
 * then the assignment; done when the platform shows what the app published for every item.
 */
import { template } from '../../support/admin-client';
import { eventually, installApp } from '../../support/app-harness';
import type { AdminClient } from '../../support/demo-store';
import type { AppDb, AppItem } from './app-db';
import { demands, warehouseLevel, type Demand } from './load';
import type { Platform, Target } from './platform';
import { HASH } from './platform';
import type { Profile } from './profile';
import { publicationOf } from './reference';

export const OWNER_EMAIL = 'owner@chaos.test';

export interface Installed {
  api: AdminClient;
  targets: Target[];
  demand: Map<string, Demand>;
  /** The app's item for each target's SKU. */
  itemIds: Map<string, number>;
}

export async function installAndAssign(
  platform: Platform,
  appUrl: string,
  db: AppDb,
  profile: Profile,
  random: () => number,
): Promise<Installed> {
  platform.emulator.setAppUrls({
    auth: `${appUrl}/bigcommerce/auth`,
    load: `${appUrl}/bigcommerce/load`,
    uninstall: `${appUrl}/bigcommerce/uninstall`,
    removeUser: `${appUrl}/bigcommerce/remove-user`,
  });
  const { api } = await installApp({ emulator: platform.emulator, appUrl }, HASH, 60_000);
  const ok = (what: string, res: { status: number; body: unknown }, status = 200) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  ok(
    'settings',
    await api.put('/api/settings', {
      ownerEmail: OWNER_EMAIL,
      notifyOwner: true,
      switchCondition: profile.switchCondition,
    }),
  );
  const stock = { threshold: profile.threshold, incomingStock: 0, backInStockDate: 'none' };
  ok('template', await api.post('/api/templates', template({ stock })), 201);

  const targets = platform.targets(profile.items);
  const demand = demands(targets, random);
  for (const t of targets) platform.count(t, warehouseLevel(demand.get(t.sku)!, random(), random()));
  const productIds = [...new Set(targets.map((t) => String(t.productId)))];
  ok('assignment', await api.post('/api/assignments', { productIds }), 201);

  const settings = await db.settings();
  const items = await eventually(
    async () => {
      const found = byTarget(await db.items(), targets);
      if (!found) return null;
      const now = new Date();
      const published = targets.every((t) => {
        const want = publicationOf(found.get(t.sku)!.state, settings, now);
        const got = platform.sellable(t);
        return got.level === want.level && got.purchasable === want.purchasable;
      });
      return published ? found : null;
    },
    60_000,
    'every item assigned and published',
  );
  return { api, targets, demand, itemIds: new Map([...items].map(([sku, item]) => [sku, item.id])) };
}

/** The app's item for each target, or null while one is missing. */
export function byTarget(items: AppItem[], targets: Target[]): Map<string, AppItem> | null {
  const found = new Map<string, AppItem>();
  for (const t of targets) {
    const item = items.find(
      (i) => i.productId === String(t.productId) && i.variantId === String(t.variantId),
    );
    if (!item) return null;
    found.set(t.sku, item);
  }
  return found;
}
