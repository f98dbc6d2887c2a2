import { mapColumns } from '../../../core/csv/columns';

describe('mapColumns', () => {
  it('matches names whatever their case, spacing or punctuation, in any order', () => {
    const map = mapColumns([
      '  Back In Stock Date ',
      'STOCK',
      'backorder-threshold',
      'Incoming_Stock',
      ' sku ',
    ]);
    expect(map).toEqual({
      index: { backInStockDate: 0, stock: 1, threshold: 2, incomingStock: 3, sku: 4 },
      names: ['Back In Stock Date', 'STOCK', 'backorder-threshold', 'Incoming_Stock', 'sku'],
    });
  });

  it.each([
    ['qty', 'stock'],
    ['Quantity', 'stock'],
    ['threshold', 'threshold'],
    ['incoming', 'incomingStock'],
    ['date', 'backInStockDate'],
    ['back_in_stock', 'backInStockDate'],
    ['backorder_enabled', 'enabled'],
  ])('reads the alias %s as %s', (alias, field) => {
    const map = mapColumns(['sku', alias]);
    expect('index' in map && map.index).toEqual({ sku: 0, [field]: 1 });
  });

  it('ignores columns it does not use, such as the export’s name and ids', () => {
    const map = mapColumns(['sku', 'product_id', 'variant_id', 'name', 'notes']);
    expect('index' in map && map.index).toEqual({ sku: 0 });
  });

  it('refuses a header without a sku column, naming what it found', () => {
    expect(mapColumns(['product', 'stock'])).toEqual({
      code: 'missing_sku_column',
      message: expect.stringContaining('(found: "product", "stock")'),
    });
  });

  it('ignores columns named after what every JavaScript object has', () => {
    const map = mapColumns(['sku', 'constructor', 'toString', '__proto__']);
    expect('index' in map && map.index).toEqual({ sku: 0 });
  });

  it('refuses two columns that mean the same field', () => {
    expect(mapColumns(['sku', 'qty', 'Stock'])).toEqual({
      code: 'duplicate_column',
      message: 'Columns "qty" and "Stock" both mean stock; keep one of them.',
    });
  });
});
