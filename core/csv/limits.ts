/** Limits of CSV import (issue 4/5): fixed by the product, not tuned per deployment. */
export const IMPORT_LIMITS = {
  /** Largest file accepted (the upload answers 413 above it). */
  maxBytes: 100 * 1024 * 1024,
  /** Rows staged per database statement while parsing, and items per chunk while applying. */
  batchRows: 5_000,
  /** A record longer than this is an unclosed quote, not data: the read stops there. */
  maxRecordChars: 1_000_000,
  /**
   * SKUs the parse hands the database to check for repeats; a file repeating more distinct SKUs than
   * this has every row checked instead (one sort of the staged rows).
   */
  repeatCandidates: 100_000,
  /** Errors and changes shown in the preview (the errors CSV has the first `keptErrors`). */
  previewLimit: 100,
  /**
   * Errors kept for the errors CSV, the first by row: a file of millions of bad rows is counted
   * exactly (error count, rows with errors) but keeps only these.
   */
  keptErrors: 10_000,
  /**
   * Imports a store holds being read or waiting for review, each with its staged rows: a newer upload
   * discards the oldest beyond this.
   */
  heldPerStore: 5,
  /** A preview left unconfirmed this many days is discarded (by the minute sweep, and when the store's next file is parsed). */
  previewDays: 7,
};

/** Where an upload waits for its parse job (any process on the host can read it). */
export function uploadPath(dataDir: string, importId: string): string {
  return `${dataDir}/imports/${importId}.csv`;
}
