/** The platforms this deployment serves, by name: each one's PlatformApp. Knows nothing of storage. */
import { PlatformRejectedError, type PlatformApp, type PlatformName, type StorePlatform } from './types';
import type { StoreHash } from '../domain/types';

export interface PlatformRegistry {
  /** The named platform's app; refused when this deployment does not serve it. */
  app(name: PlatformName): PlatformApp;
  /** A client for one installed store of the named platform. */
  forStore(name: PlatformName, platformId: StoreHash, accessToken: string): StorePlatform;
}

export function platformRegistry(apps: Partial<Record<PlatformName, PlatformApp>>): PlatformRegistry {
  const app = (name: PlatformName) => {
    const found = apps[name];
    if (!found) throw new PlatformRejectedError(`no client for platform ${name}`, 501, { final: true });
    return found;
  };
  return {
    app,
    forStore: (name, platformId, accessToken) => app(name).forStore(platformId, accessToken),
  };
}
