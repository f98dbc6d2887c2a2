/** Products a test adds to an emulated store (the control API's `POST /stores/{hash}/products`). */
import type { ProductSpec } from '../../emulator';

/** A product with one `Size` option: a variant a size, given as `[label, SKU, stock level]`. */
export function sizedProduct(
  product: Omit<ProductSpec, 'option'>,
  sizes: Array<[label: string, sku: string, level: number]>,
): ProductSpec {
  return {
    ...product,
    option: { name: 'Size', values: sizes.map(([label, sku, level]) => ({ label, sku, level })) },
  };
}
