import { EXPORT_COLUMNS, mapColumns } from '../../../core/csv/columns';

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

  it('reads the export’s header, with or without its read-only backordered column, alike', () => {
    // The export's own header; files exported before `backordered` existed have none.
    const now = mapColumns([...EXPORT_COLUMNS]);
    const before = mapColumns(EXPORT_COLUMNS.filter((c) => c !== 'backordered'));
    expect(EXPORT_COLUMNS.slice(4, 6)).toEqual(['stock', 'backordered']);
    expect('index' in now && now.index).toEqual({
      sku: 0,
      stock: 4,
      threshold: 6,
      incomingStock: 7,
      backInStockDate: 8,
      enabled: 9,
    });
    expect('index' in before && before.index).toEqual({
      sku: 0,
      stock: 4,
      threshold: 5,
      incomingStock: 6,
      backInStockDate: 7,
      enabled: 8,
    });
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
