import { randomBytes } from 'node:crypto';
import { hookTokens } from '../../../core/security/hook-token';

describe('derived webhook header tokens', () => {
  const tokens = hookTokens(randomBytes(32));

  it('names the store it was issued for, and only that store', () => {
    const token = tokens.issue('bigcommerce', 'abc123');
    expect(tokens.check('bigcommerce', token)).toBe('abc123');
    // A shop domain has dots of its own: the mac is after the last one.
    expect(tokens.check('shopify', tokens.issue('shopify', 'x.myshopify.com'))).toBe('x.myshopify.com');
    expect(tokens.check('shopify', token)).toBeUndefined();
  });

  it.each([
    ['another store id with the same mac', (t: string) => t.replace('abc123', 'abc124')],
    ['a changed mac', (t: string) => t.slice(0, -2) + (t.endsWith('AA') ? 'BB' : 'AA')],
    ['a truncated mac', (t: string) => t.slice(0, -4)],
    ['no store id', (t: string) => `v1..${t.split('.').pop()}`],
    ['the stored kind of token', () => randomBytes(24).toString('base64url')],
    ['an empty value', () => ''],
    ['a huge value', (t: string) => `v1.${'a'.repeat(600)}.${t.split('.').pop()}`],
  ])('refuses %s', (_name, forge) => {
    expect(tokens.check('bigcommerce', forge(tokens.issue('bigcommerce', 'abc123')))).toBeUndefined();
  });

  it('is worthless under another key', () => {
    expect(hookTokens(randomBytes(32)).check('bigcommerce', tokens.issue('bigcommerce', 'abc123'))).toBe(
      undefined,
    );
  });
});
