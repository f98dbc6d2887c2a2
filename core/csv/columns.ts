/**
 * The import file's header: which column holds which field. Names are matched case-, space- and
 * punctuation-insensitively (`Back in stock date`, `back_in_stock_date` and `BACK-IN-STOCK-DATE` are
 * one column), with a few aliases spreadsheets commonly use. Other columns (name, product_id, …) are
 * ignored, so an exported file imports unchanged. `backordered` is one of them: the export writes the
 * units owed to customers for the merchant to read, but only sales and counts change it, so a file
 * with or without that column (files exported before it existed) imports the same.
 */
export type ImportField = 'sku' | 'stock' | 'threshold' | 'incomingStock' | 'backInStockDate' | 'enabled';

/** A Map, not an object: a column named `constructor` must not find Object.prototype's. */
const ALIASES = new Map<string, ImportField>([
  ['sku', 'sku'],
  ['stock', 'stock'],
  ['qty', 'stock'],
  ['quantity', 'stock'],
  ['backorderthreshold', 'threshold'],
  ['threshold', 'threshold'],
  ['incomingstock', 'incomingStock'],
  ['incoming', 'incomingStock'],
  ['backinstockdate', 'backInStockDate'],
  ['backinstock', 'backInStockDate'],
  ['date', 'backInStockDate'],
  ['backorderenabled', 'enabled'],
  ['enabled', 'enabled'],
]);

/** The export's column names, in order; also what an import's errors call each field. */
export const EXPORT_COLUMNS = [
  'sku',
  'product_id',
  'variant_id',
  'name',
  'stock',
  'backordered',
  'backorder_threshold',
  'incoming_stock',
  'back_in_stock_date',
  'backorder_enabled',
] as const;

export interface ColumnMap {
  /** Cell index of each field the file has. */
  index: Partial<Record<ImportField, number>>;
  /** The header as the merchant wrote it, for error messages. */
  names: string[];
}

export type HeaderProblem = { code: 'missing_sku_column' | 'duplicate_column'; message: string };

export function normaliseHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `row`: where the header is in the file (after any blank lines), as a spreadsheet numbers it. */
export function mapColumns(header: string[], row = 1): ColumnMap | HeaderProblem {
  const names = header.map((h) => h.trim());
  const index: ColumnMap['index'] = {};
  for (const [i, name] of names.entries()) {
    const field = ALIASES.get(normaliseHeader(name));
    if (!field) continue;
    const seen = index[field];
    if (seen !== undefined) {
      return {
        code: 'duplicate_column',
        message: `Columns "${names[seen]}" and "${name}" both mean ${label(field)}; keep one of them.`,
      };
    }
    index[field] = i;
  }
  if (index.sku === undefined) {
    const found = names.filter((n) => n !== '').slice(0, 10);
    return {
      code: 'missing_sku_column',
      message: `The header row (row ${row}) has no "sku" column, so rows cannot be matched to items${
        found.length > 0 ? ` (found: ${found.map((n) => `"${n}"`).join(', ')})` : ''
      }. Download the template to see the expected columns.`,
    };
  }
  return { index, names };
}

function label(field: ImportField): string {
  return {
    sku: 'sku',
    stock: 'stock',
    threshold: 'backorder threshold',
    incomingStock: 'incoming stock',
    backInStockDate: 'back-in-stock date',
    enabled: 'backorder enabled',
  }[field];
}
