/**
 * The items benchmarks' data: one store with `count` tracked items and a neighbouring store with as
 * many of the same names (so every query is scoped among another store's rows), written by one
 * `insert … select from generate_series` per store rather than the app's assign path. Names read like
 * a catalog's ("Rustic Ceramic Mug - Large", three variants to a product) and SKUs like "MUG-004217",
 * so searches match a few items, thousands, or none, as a merchant's do.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../core/db/client';
import { upsertInstalledStore } from '../core/db/stores.repo';

const list = (words: string) => words.trim().split(/\s+/);
const ADJECTIVES = list(`
  Classic Vintage Organic Deluxe Mini Slim Everyday Premium Rustic Modern Travel Kids Outdoor
  Handmade Essential Nordic
`);
const MATERIALS = list(`
  Ceramic Cotton Leather Bamboo Steel Glass Wool Linen Oak Copper Black White Blue Green Red Grey
`);
const NOUNS = list(`
  Mug Tee Cap Bag Pen Bottle Notebook Hoodie Scarf Candle Teapot Kettle Blanket Pillow Lamp Bowl
  Plate Jar Tray Apron Socks Beanie Backpack Wallet Belt Umbrella Towel Vase Clock Frame Journal
  Tumbler Grinder Filter Spoon Knife Board Basket Box Brush
`);
const VARIANTS = ['Small', 'Medium', 'Large'];

/** Every word a seeded name is made of: what a merchant may type whole. */
export const NAME_WORDS = [...ADJECTIVES, ...MATERIALS, ...NOUNS, ...VARIANTS];

export interface SeededStores {
  mine: { id: number };
  neighbour: { id: number };
  seedMs: number;
}

export async function seedItemStores(db: Db, count: number): Promise<SeededStores> {
  const store = async (hash: string) =>
    upsertInstalledStore(db, {
      platform: 'bigcommerce',
      platformId: hash,
      accessTokenEnc: 'x',
      scopes: '',
      owner: { id: '1', email: 'owner@bench.test' },
      user: { id: '1', email: 'owner@bench.test' },
      defaults: { switchCondition: 0, notifyOwner: false, autoAssignNewProducts: false, timeZone: 'UTC' },
    });
  const mine = await store(`items${randomBytes(3).toString('hex')}`);
  const neighbour = await store(`items${randomBytes(3).toString('hex')}`);
  const words = (list: string[]) => sql.raw(`array[${list.map((w) => `'${w}'`).join(',')}]`);
  const started = Date.now();
  for (const s of [mine, neighbour]) {
    // Product p = g / 3 takes its adjective, material and noun from p's digits in bases 16, 16, 40;
    // its three variants differ by size.
    await db.execute(sql`
      insert into items (store_id, product_id, variant_id, track_by, sku, name, stock, threshold, status, enabled)
      select ${s.id}, (g / 3)::text, g::text, 'variant',
             upper(left(n.noun, 3)) || '-' || lpad(g::text, 6, '0'),
             n.adjective || ' ' || n.material || ' ' || n.noun || ' - ' || n.variant,
             (g * 7919) % 200 - 20, 10,
             case when (g * 7919) % 200 - 20 > 0 then 'in_stock' when g % 4 = 0 then 'unavailable' else 'backorder' end,
             (g * 7919) % 200 - 20 <= 0
      from generate_series(1, ${count}) g,
           lateral (select (${words(ADJECTIVES)})[1 + (g / 3) % 16] as adjective,
                           (${words(MATERIALS)})[1 + (g / 48) % 16] as material,
                           (${words(NOUNS)})[1 + (g / 768) % 40] as noun,
                           (${words(VARIANTS)})[1 + g % 3] as variant) n`);
  }
  // As autovacuum leaves a table in steady state (visibility map set, statistics fresh).
  await db.execute(sql`vacuum analyze items`);
  return { mine, neighbour, seedMs: Date.now() - started };
}
