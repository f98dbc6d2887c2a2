/**
 * The secret header every hook of a store carries, derived instead of stored: `v1.<store id>.<mac>`,
 * the mac an HMAC-SHA256 of the platform and the store id under a key derived from
 * APP_ENCRYPTION_KEY. A delivery's header is checked with no database lookup and before its body
 * is parsed, and it names the one store it was issued for (README, "Webhooks are authenticated
 * before they are read").
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { StoreHash } from '../domain/types';

export interface HookTokens {
  /** The header value set on a store's hooks at registration. */
  issue(platform: string, platformId: string): string;
  /** The store a header value was issued for by this app; undefined for anything else. */
  check(platform: string, value: string | undefined): StoreHash | undefined;
}

const PREFIX = 'v1.';
/** Far longer than any store hash or shop domain: nothing longer is worth an HMAC. */
const MAX_LENGTH = 512;

/** True for a header value of the derived form (a stored token of the first version never is). */
export const isDerivedHookToken = (value: string) => value.startsWith(PREFIX);

export function hookTokens(encryptionKey: Buffer): HookTokens {
  // A key of its own: the hook header travels through the platform, the encryption key never does.
  const key = Buffer.from(hkdfSync('sha256', encryptionKey, '', 'backorder webhook header v1', 32));
  const mac = (platform: string, platformId: string) =>
    createHmac('sha256', key).update(`${platform}\n${platformId}`).digest();
  return {
    issue: (platform, platformId) =>
      `${PREFIX}${platformId}.${mac(platform, platformId).toString('base64url')}`,
    check(platform, value) {
      if (!value || value.length > MAX_LENGTH || !isDerivedHookToken(value)) return undefined;
      const dot = value.lastIndexOf('.');
      const platformId = value.slice(PREFIX.length, dot);
      if (!platformId) return undefined;
      const given = Buffer.from(value.slice(dot + 1), 'base64url');
      const expected = mac(platform, platformId);
      return given.length === expected.length && timingSafeEqual(given, expected) ? platformId : undefined;
    },
  };
}
