/**
 * The app's three kinds of error (STYLE.md "Errors"), decided where the problem is found and
 * translated once per face: the HTTP error middleware (server/errors.ts) and the job runtime
 * (jobs/runtime.ts).
 *
 * - retryable: a platform 5xx or 429, Redis or the database away. A job retries with back-off; a
 *   route answers 503.
 * - must fix: someone has to change something before it can work (a bad request or CSV row, a
 *   refused token, a conflict). A job stops (BullMQ `UnrecoverableError`) and leaves an activity-log
 *   entry; a route answers 4xx with a message a merchant understands.
 * - ignorable: nothing to do (a duplicate, a topic the app does not use, work overtaken). A job
 *   completes quietly; a route answers 200.
 */
export type ErrorKind = 'retryable' | 'must-fix' | 'ignorable';

export interface ErrorOptions {
  cause?: unknown;
  /**
   * What a merchant may be told, when the message itself is for the log (hosts, paths, a platform's
   * answer). A must-fix error's own message is written for the merchant unless this is given.
   */
  merchantMessage?: string;
}

export abstract class AppError extends Error {
  abstract readonly kind: ErrorKind;
  /** A stable, machine-readable name of the problem (`invalid`, `not_found`, `template_in_use`, …). */
  abstract readonly code: string;
  readonly merchantMessage?: string;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.merchantMessage = options?.merchantMessage;
  }
}

export class RetryableError extends AppError {
  readonly kind = 'retryable';
  readonly code: string = 'unavailable';
}

/** What is wrong, as the merchant's side sees it; each face maps it to its own answer. */
export type Problem = 'invalid' | 'unauthorized' | 'not_found' | 'conflict' | 'too_large' | 'refused';

export class MustFixError extends AppError {
  readonly kind = 'must-fix';

  constructor(
    readonly problem: Problem,
    readonly code: string,
    message: string,
    /** The input field at fault, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export class IgnorableError extends AppError {
  readonly kind = 'ignorable';
  readonly code: string = 'ignored';
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;

export const invalid = (message: string, field?: string) =>
  new MustFixError('invalid', 'invalid', message, field);
export const unauthorized = (message: string) => new MustFixError('unauthorized', 'unauthorized', message);
export const notFound = (what: string) => new MustFixError('not_found', 'not_found', `${what} not found`);
export const conflict = (code: string, message: string) => new MustFixError('conflict', code, message);
export const unavailable = (message: string) => new RetryableError(message, { merchantMessage: message });
