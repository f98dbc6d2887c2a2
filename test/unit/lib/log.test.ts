/**
 * The logger as an operator meets it: production writes one JSON object a line that a log collector
 * can parse, each naming the request or job it was written for; development writes lines for a
 * person; in both, a secret passed by mistake never reaches the output.
 */
import { stripVTControlCharacters } from 'node:util';
import { runInContext } from '../../../core/lib/context';
import { createLogger, type LoggerOptions } from '../../../core/lib/log';

type Line = Record<string, unknown>;

function capture(options: LoggerOptions = {}) {
  const raw: string[] = [];
  const log = createLogger({ level: 'debug', ...options, write: (line) => raw.push(line) });
  return { log, raw, lines: () => raw.map((l) => JSON.parse(l) as Line) };
}

describe('the logger in production (JSON lines)', () => {
  it('writes one parseable JSON object a line, with level, time and message', () => {
    const { log, raw, lines } = capture();
    log.info('store installed', { storeId: 7 });
    log.warn('webhook rejected', { reason: 'bad signature' });
    expect(raw).toHaveLength(2);
    expect(raw.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
    const [installed, rejected] = lines();
    expect(installed).toMatchObject({ level: 'info', msg: 'store installed', storeId: 7 });
    expect(new Date(installed!.time as string).toISOString()).toBe(installed!.time);
    expect(rejected).toMatchObject({ level: 'warn', msg: 'webhook rejected', reason: 'bad signature' });
    expect(installed).not.toHaveProperty('requestId');
  });

  it('keeps to LOG_LEVEL', () => {
    const { log, lines } = capture({ level: 'warn' });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines().map((l) => l.msg)).toEqual(['w', 'e']);
  });

  it('names the request or job a line was written for, across awaits and timers', async () => {
    const { log, lines } = capture();
    await runInContext({ requestId: 'abc123' }, async () => {
      log.info('answering');
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info('still answering');
    });
    await runInContext({ requestId: 'abc123', jobId: 'refresh.1.2', queue: 'stock-refresh' }, async () => {
      await Promise.resolve();
      log.debug('stock-refresh done', { passes: 1 });
    });
    log.info('outside');
    const [a, b, job, outside] = lines();
    expect(a).toMatchObject({ msg: 'answering', requestId: 'abc123' });
    expect(b).toMatchObject({ msg: 'still answering', requestId: 'abc123' });
    expect(job).toMatchObject({
      requestId: 'abc123',
      jobId: 'refresh.1.2',
      queue: 'stock-refresh',
      passes: 1,
    });
    expect(outside).not.toHaveProperty('requestId');
  });

  it('never writes a token, cookie or signature, however deep or wherever it sits', () => {
    const { log, raw, lines } = capture();
    const secrets = [
      't0k3n-1',
      'c00kie-2',
      's1gnature-3',
      'Bearer s3cret-4',
      'p4ss-5',
      'deep-t0k3n-6',
      'jwt-7',
    ];
    const deep = (n: number): Record<string, unknown> =>
      n === 0 ? { accessToken: secrets[5] } : { next: deep(n - 1) };
    runInContext({ requestId: 'r1' }, () =>
      log.error('install failed', {
        store: 'abc',
        response: {
          headers: { 'set-cookie': secrets[1], Authorization: secrets[3] },
          body: { data: [{ access_token: secrets[0] }] },
        },
        webhook: { 'webhook-signature': secrets[2], payload: { user: { password: secrets[4] } } },
        session: { jwt: secrets[6] },
        chain: deep(20),
      }),
    );
    const text = raw.join('');
    for (const secret of secrets) expect(text).not.toContain(secret);
    const [line] = lines();
    expect(line).toMatchObject({ store: 'abc', requestId: 'r1' });
    expect(line!.response).toMatchObject({
      headers: { 'set-cookie': '[redacted]', Authorization: '[redacted]' },
    });
  });

  it('writes errors as name, message and stack, without what else they carry', () => {
    const { log, raw, lines } = capture({ level: 'info' });
    const err = Object.assign(new Error('platform refused: 401'), {
      code: 'ECONNRESET',
      request: { headers: { 'x-auth-token': 'leaked-token' } },
      config: { clientSecret: 'leaked-secret' },
    });
    log.error('request failed', { error: err });
    expect(raw.join('')).not.toMatch(/leaked-token|leaked-secret/);
    expect(lines()[0]!.error).toEqual({
      name: 'Error',
      message: 'platform refused: 401',
      code: 'ECONNRESET',
      stack: expect.stringContaining('platform refused: 401\n    at '),
    });
  });

  it('writes an object that refers to itself once, not forever', () => {
    const { log, lines } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    log.info('odd data', { loop, again: { name: 'shared' }, twice: [loop] });
    expect(lines()[0]).toMatchObject({ loop: { name: 'loop', self: '[circular]' } });
  });
});

describe('the logger in development (pretty lines)', () => {
  it('writes one readable line per call, with its details and without secrets', () => {
    const raw: string[] = [];
    const log = createLogger({ level: 'info', format: 'pretty', write: (line) => raw.push(line) });
    runInContext({ requestId: 'abc123' }, () =>
      log.info('Backorder started (all)', { url: 'http://localhost:3000', cookie: 'c00kie' }),
    );
    log.debug('not shown at info');
    expect(raw).toHaveLength(1);
    const plain = stripVTControlCharacters(raw[0]!);
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Backorder started \(all\) \{.*\}\n$/);
    expect(plain).toContain('"requestId":"abc123"');
    expect(plain).toContain('"url":"http://localhost:3000"');
    expect(plain).not.toContain('c00kie');
  });

  it('leaves the stack of an error out unless at debug', () => {
    const raw: string[] = [];
    const log = createLogger({ level: 'info', format: 'pretty', write: (line) => raw.push(line) });
    log.warn('could not enqueue', { error: new Error('Redis is down') });
    expect(raw.join('')).toContain('Redis is down');
    expect(raw.join('')).not.toContain('    at ');
  });
});
