import { randomBytes } from 'node:crypto';
import { secretBox } from '../../../core/security/crypto';

describe('tokens sealed at rest', () => {
  const box = secretBox(randomBytes(32));

  it('round-trips, and never stores the plain text', () => {
    const sealed = box.encrypt('bc-access-token-123');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('bc-access-token-123');
    expect(box.decrypt(sealed)).toBe('bc-access-token-123');
  });

  it('seals the same token differently each time', () => {
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('refuses a tampered value or another key', () => {
    const sealed = box.encrypt('secret');
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.decrypt([...parts.slice(0, 3), flipped.toString('base64url')].join(':'))).toThrow();
    expect(() => secretBox(randomBytes(32)).decrypt(sealed)).toThrow();
  });
});
