/** The stock columns the export and the unassign email's attachment write for an item. */
import { STOCK_COLUMNS, stockCells } from '../../../core/use-cases/export-items.use-case';

const figures = {
  sku: 'A-1',
  productId: '11',
  variantId: '12',
  name: 'Beans',
  threshold: 5,
  incomingStock: 20,
  backInStockDate: '2027-03-01',
};

describe('stockCells', () => {
  it('writes the count on the shelf and the units owed beside it, never a negative stock', () => {
    expect(STOCK_COLUMNS).toEqual([
      'sku',
      'product_id',
      'variant_id',
      'name',
      'stock',
      'backordered',
      'backorder_threshold',
      'incoming_stock',
      'back_in_stock_date',
    ]);
    expect(stockCells({ ...figures, stock: -2 })).toEqual([
      'A-1',
      '11',
      '12',
      'Beans',
      0,
      2,
      5,
      20,
      '2027-03-01',
    ]);
    expect(stockCells({ ...figures, stock: 7 }).slice(4, 6)).toEqual([7, 0]);
    expect(stockCells({ ...figures, stock: 0 }).slice(4, 6)).toEqual([0, 0]);
  });
});
