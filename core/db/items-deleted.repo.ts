/**
 * Items whose product or variant was deleted on the platform: heard of by its webhook, or found when a
 * write for it was refused or a read no longer finds it.
 */
import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { ProductId, VariantId } from '../domain/types';
import type { Db } from './client';
import { events, items } from './schema';

/** What the platform no longer has: a product, or one variant of a product with options; and how we know. */
export interface Deleted {
  productId: ProductId;
  variantId?: VariantId;
  reason: string;
}

/**
 * Products and variants deleted on the platform: their items stop being tracked and are no longer
 * waiting to be published (there is nothing left to write to), with an activity-log entry each saying
 * why. A deleted variant takes only its own item (one of a product tracked per variant). Not through
 * `decide`: no rule applies to what no longer exists, and its effects could not be delivered.
 */
export async function untrackDeleted(db: Db, storeId: number, deleted: Deleted[]) {
  const products = deleted.filter((d) => d.variantId === undefined);
  const variants = deleted.filter((d) => d.variantId !== undefined);
  if (deleted.length === 0) return [];
  const productIds = products.map((d) => d.productId);
  const variantIds = variants.map((d) => d.variantId!);
  const which = or(
    productIds.length > 0 ? inArray(items.productId, productIds) : undefined,
    variantIds.length > 0
      ? and(eq(items.trackBy, 'variant'), inArray(items.variantId, variantIds))
      : undefined,
  );
  return db.transaction(async (tx) => {
    const gone = await tx
      .update(items)
      .set({ tracked: false, enabled: false, publishedVersion: sql`${items.version}`, updatedAt: sql`now()` })
      // An item unassigned before but waiting to be published (made purchasable again) goes the same way.
      .where(
        and(
          eq(items.storeId, storeId),
          or(eq(items.tracked, true), sql`${items.version} > ${items.publishedVersion}`),
          which,
        ),
      )
      .returning({
        id: items.id,
        productId: items.productId,
        variantId: items.variantId,
        sku: items.sku,
        name: items.name,
      });
    if (gone.length > 0) {
      await tx.insert(events).values(
        gone.map((i) => {
          const variant = variants.find((d) => d.variantId === i.variantId);
          const cause = variant ?? products.find((d) => d.productId === i.productId)!;
          return {
            storeId,
            itemId: i.id,
            type: variant ? 'variant-deleted' : 'product-deleted',
            actor: { kind: 'platform' },
            data: {
              productId: i.productId,
              variantId: i.variantId,
              sku: i.sku,
              name: i.name,
              reason: cause.reason,
            },
          };
        }),
      );
    }
    return gone;
  });
}
