/**
 * Seeds: `empty` (nothing) and `demo` (a coffee shop with ~60 products and a few past orders).
 * Deterministic: the same ids, SKUs and levels on every run.
 */
import { buildProduct } from './catalog-builder';
import { demoProductSpecs } from './seed-catalog';
import type { EmulatedStore } from './store';

export type SeedName = 'demo' | 'empty';

export const DEMO_STORE_NAME = 'Bean & Brew Supply Co.';

/** The demo's past customers and the country their orders ship to. */
const CUSTOMERS = {
  jane: { email: 'jane.doe@example.com', country: 'US' },
  oliver: { email: 'oliver.smith@example.co.uk', country: 'GB' },
  lena: { email: 'lena.mueller@example.de', country: 'DE' },
  liam: { email: 'liam.nguyen@example.com.au', country: 'AU' },
};

/** Past orders, oldest first: who placed it, its status id, when, and the quantity of each SKU. */
const DEMO_ORDERS: Array<[keyof typeof CUSTOMERS, number, string, Record<string, number>]> = [
  ['jane', 10, '2026-10-28T15:42:00Z', { 'COF-HOU-BLD-250G': 2, 'BRW-HAR-V60-02-WHT': 1 }],
  ['oliver', 9, '2026-11-10T09:05:00Z', { 'BRW-FEL-EKG-BLK': 1, 'ACC-HAR-FLT-02-100': 3 }],
  ['lena', 11, '2026-11-18T18:20:00Z', { 'COF-ETH-YIR-1KG': 1, 'GRD-COM-C40-IRW': 1 }],
  ['liam', 11, '2026-11-20T22:11:00Z', { 'MUG-STW-350-SND': 4, 'TEA-MAT-CER-30G': 1 }],
];

export function seedStore(store: EmulatedStore, seed: SeedName): void {
  if (seed === 'empty') return;
  for (const spec of demoProductSpecs()) buildProduct(store, spec);
  const blackGrinder = store.variantBySku('GRD-COM-C40-BLK');
  if (blackGrinder) {
    blackGrinder.purchasing_disabled = true;
    blackGrinder.purchasing_disabled_message = 'Sold out: new batch due in January';
  }
  for (const [customer, status, at, lines] of DEMO_ORDERS) {
    store.placeOrder({
      lines: Object.entries(lines).map(([sku, quantity]) => ({ sku, quantity })),
      customerEmail: CUSTOMERS[customer].email,
      shippingCountry: CUSTOMERS[customer].country,
      statusId: status,
      historical: { dateCreated: new Date(at) },
    });
  }
  const shipped = store.orders.find((o) => o.status_id === 10);
  if (shipped) {
    shipped.date_shipped = '2026-10-30T10:00:00.000Z';
    for (const line of shipped.lines) line.quantity_shipped = line.quantity;
  }
}
