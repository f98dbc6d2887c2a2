/**
 * Error bodies as BigCommerce sends them: V3 answers `{status, title, type, errors?}`, V2 answers an array
 * of `{status, message}`. Control-API errors are plain `{error, message, ...}`.
 */

export const STATUS_CODES_URL = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';
/** The relative form the specs' own examples use (413 batch limits). */
export const STATUS_CODES_PATH = '/api-docs/getting-started/api-status-codes';

export interface V3Error {
  status: number;
  title: string;
  type: string;
  errors?: Record<string, string>;
}

export function v3Error(status: number, title: string, errors?: Record<string, string>): V3Error {
  return errors === undefined
    ? { status, title, type: STATUS_CODES_URL }
    : { status, title, type: STATUS_CODES_URL, errors };
}

export function v2Error(status: number, message: string): Array<{ status: number; message: string }> {
  return [{ status, message }];
}

/** A 413 body exactly as the specs' examples show it. */
export function batchTooLarge(max: number, trailingDot: boolean): V3Error {
  return {
    errors: {},
    status: 413,
    title: `The request payload is too large. The maximum items allowed in the array is ${max}${trailingDot ? '.' : ''}`,
    type: STATUS_CODES_PATH,
  };
}

export const INVALID_JSON_TITLE = 'JSON data is missing or invalid';

/** Thrown by store operations the control API (and tests) call; `body.error` is a stable code. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string; message: string } & Record<string, unknown>,
  ) {
    super(body.message);
    this.name = 'ControlError';
  }
}

/** Turns zod-style issues into BigCommerce's `errors` map: `{"0.availability": "…"}`. */
export function issuesToErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || 'body';
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}
