/**
 * Seeds: `empty` (nothing) and `demo` (a coffee shop with ~60 products and a few past orders).
 * Deterministic: the same ids, SKUs and levels on every run.
 */
import { buildProduct } from './catalog-builder';
import { demoProductSpecs } from './seed-catalog';
import type { EmulatedStore } from './store';

export type SeedName = 'demo' | 'empty';

export const DEMO_STORE_NAME = 'Bean & Brew Supply Co.';

const DEMO_ORDERS = [
  {
    email: 'jane.doe@example.com',
    country: 'US',
    status: 10,
    at: '2026-10-28T15:42:00Z',
    lines: [
      { sku: 'COF-HOU-BLD-250G', quantity: 2 },
      { sku: 'BRW-HAR-V60-02-WHT', quantity: 1 },
    ],
  },
  {
    email: 'oliver.smith@example.co.uk',
    country: 'GB',
    status: 9,
    at: '2026-11-10T09:05:00Z',
    lines: [
      { sku: 'BRW-FEL-EKG-BLK', quantity: 1 },
      { sku: 'ACC-HAR-FLT-02-100', quantity: 3 },
    ],
  },
  {
    email: 'lena.mueller@example.de',
    country: 'DE',
    status: 11,
    at: '2026-11-18T18:20:00Z',
    lines: [
      { sku: 'COF-ETH-YIR-1KG', quantity: 1 },
      { sku: 'GRD-COM-C40-IRW', quantity: 1 },
    ],
  },
  {
    email: 'liam.nguyen@example.com.au',
    country: 'AU',
    status: 11,
    at: '2026-11-20T22:11:00Z',
    lines: [
      { sku: 'MUG-STW-350-SND', quantity: 4 },
      { sku: 'TEA-MAT-CER-30G', quantity: 1 },
    ],
  },
];

export function seedStore(store: EmulatedStore, seed: SeedName): void {
  if (seed === 'empty') return;
  for (const spec of demoProductSpecs()) buildProduct(store, spec);
  const blackGrinder = store.variantBySku('GRD-COM-C40-BLK');
  if (blackGrinder) {
    blackGrinder.purchasing_disabled = true;
    blackGrinder.purchasing_disabled_message = 'Sold out: new batch due in January';
  }
  for (const order of DEMO_ORDERS) {
    store.placeOrder({
      lines: order.lines,
      customerEmail: order.email,
      shippingCountry: order.country,
      statusId: order.status,
      historical: { dateCreated: new Date(order.at) },
    });
  }
  const shipped = store.orders.find((o) => o.status_id === 10);
  if (shipped) {
    shipped.date_shipped = '2026-10-30T10:00:00.000Z';
    for (const line of shipped.lines) line.quantity_shipped = line.quantity;
  }
}
