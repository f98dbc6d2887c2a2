/**
 * The platform of a stored store: its sealed token opened, the registry's client for it. What every
 * use case that talks to a store's platform is handed (`deps.platforms`).
 */
import type { Store } from '../db/stores.repo';
import type { PlatformRegistry } from '../platform/registry';
import { PlatformRejectedError, type PlatformApp, type StorePlatform } from '../platform/types';
import type { SecretBox } from '../security/crypto';

export interface Platforms {
  /** The store's platform client; refused (401) once the store is uninstalled. */
  forStore(store: Store): StorePlatform;
  app(name: Store['platform']): PlatformApp;
}

export function storePlatforms(registry: PlatformRegistry, box: SecretBox): Platforms {
  return {
    forStore(store) {
      if (store.status !== 'active' || !store.accessTokenEnc) {
        throw new PlatformRejectedError(`store ${store.platformId} is not installed`, 401, { final: true });
      }
      return registry.forStore(store.platform, store.platformId, box.decrypt(store.accessTokenEnc));
    },
    app: registry.app,
  };
}
