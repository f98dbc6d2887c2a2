/** What a `store/sku/deleted` delivery tells the app, read from the payload shape BigCommerce documents. */
import { readEvent, WEBHOOK_SCOPES } from '../../../core/platform/bigcommerce/topics';

describe('the topic table', () => {
  it('subscribes to store/sku/deleted: one variant deleted, named by its product and variant', () => {
    expect(WEBHOOK_SCOPES).toContain('store/sku/deleted');
    // `id` is the V2 SKU's id, not the variant's: the variant is `sku.variant_id`.
    const data = { type: 'sku', id: 461, sku: { product_id: 206, variant_id: 509 } };
    expect(readEvent('store/sku/deleted', data)).toEqual({
      ok: true,
      value: { kind: 'variant-deleted', productId: '206', variantId: '509' },
    });
  });

  it('refuses a store/sku/deleted payload without its variant, naming the field', () => {
    expect(readEvent('store/sku/deleted', { type: 'sku', id: 461, sku: { product_id: 206 } })).toEqual({
      ok: false,
      reason: 'data.sku.variant_id: Invalid input: expected number, received undefined',
    });
  });
});
