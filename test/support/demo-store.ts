/**
 * The set-up most engine suites share: the app against the emulator, one store with the demo catalog,
 * and the app installed on it as its owner would; then what the suites read back from both sides.
 */
import type { CreateStoreInput } from '../../emulator';
import type { adminClient } from './admin-client';
import { installApp, startHarness, type Harness } from './app-harness';
import type { DbKind } from './databases';

export type AdminClient = ReturnType<typeof adminClient>;

/** Starts the harness, creates the store with the demo seed and installs the app there. */
export async function startWithDemoStore(kind: DbKind, store: Omit<CreateStoreInput, 'seed'>) {
  const h = await startHarness(kind);
  h.emulator.createStore({ ...store, seed: 'demo' });
  return { h, ...(await installApp(h, store.hash)) };
}

/**
 * The emulated store as it is now, its products whose stock is kept on the product (no variants), and
 * the app's item for a SKU as the Products page's search finds it. `suite` is read at each call, so a
 * suite can take these before its beforeAll has started the harness.
 */
export function demoStoreViews(hash: string, suite: () => { h: Harness; api: AdminClient }) {
  const store = () => suite().h.emulator.store(hash)!;
  return {
    store,
    simple: () => store().products.filter((p) => p.inventory_tracking === 'product'),
    item: async (sku: string) =>
      (await suite().api.get(`/api/items?q=${encodeURIComponent(sku)}`)).body.items[0],
  };
}
