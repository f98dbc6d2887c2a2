/**
 * CSV output for spreadsheets: quoted where needed, and text that a spreadsheet would run as a
 * formula (starting with = + - @ or a tab/CR) neutralised with a leading apostrophe.
 */
/** Text a spreadsheet would run as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text the import reads back without its first character: an apostrophe before a formula start (how
 * the export neutralises) or before another apostrophe (how it keeps a value that itself begins so).
 */
export const NEUTRALISED = /^'[=+\-@\t\r']/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A value that already looks neutralised gets one more apostrophe, so the import's one strip
  // gives it back: `'=A` is written `''=A`, not left to read back as `=A`.
  const safe = FORMULA_START.test(value) || NEUTRALISED.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(values: Array<string | number | boolean | null | undefined>): string {
  return values.map(csvCell).join(',') + '\r\n';
}

export const BOM = '\uFEFF';
