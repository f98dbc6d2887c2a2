/**
 * Items deleted on the platform whose webhook the app missed: a write for them is refused, or a read
 * of the catalog no longer finds them. The catalog read decides, whatever a refusal names.
 */
import type { Deleted } from '../db/items-deleted.repo';
import type { ItemRow } from '../db/items.repo';
import type { ProductId } from '../domain/types';
import type { CatalogProduct, PlatformRejectedError, StorePlatform } from '../platform/types';

/** The catalog's products of the given items, by id. */
export async function readProducts(platform: StorePlatform, rows: ItemRow[]) {
  const ids = [...new Set(rows.map((r) => r.productId))];
  return new Map((await platform.getProducts(ids)).map((p) => [p.id, p]));
}

/** Whether the catalog read no longer has the item: its product, or its own variant, is gone. */
export function missing(products: Map<ProductId, CatalogProduct>, row: ItemRow): boolean {
  const product = products.get(row.productId);
  if (!product) return true;
  return row.trackBy === 'variant' && !product.variants.some((v) => v.id === row.variantId);
}

/** What the activity log says of an item deleted on the platform, and how the app found out (`how`, a sentence's end). */
export function deletedItem(row: ItemRow, how: string): Deleted {
  const what = row.trackBy === 'variant' ? 'variant' : 'product';
  return {
    productId: row.productId,
    ...(row.trackBy === 'variant' ? { variantId: row.variantId } : {}),
    reason: `The ${what} is no longer in the store's catalog, found when ${how}`,
  };
}

/**
 * After a refused write: the items of the page the platform no longer has, read from its catalog
 * (whatever the refusal named, a read decides), with what the activity log says of each. The
 * platform's words for an item it named go with it.
 */
export async function goneFrom(platform: StorePlatform, dirty: ItemRow[], refusal: PlatformRejectedError) {
  const products = await readProducts(platform, dirty);
  const rows = dirty.filter((r) => missing(products, r));
  const deleted = rows.map((r) => {
    const named = refusal.rejected.find(
      (x) => x.productId === r.productId && (r.trackBy === 'product' || x.variantId === r.variantId),
    );
    const said = named ? `: "${named.reason}"` : '.';
    return deletedItem(r, `the platform refused a write for it${said}`);
  });
  return { rows, deleted };
}
