/** Turns a stored store into its StorePlatform: decrypts the token, picks the platform's client. */
import type { Store } from '../db/stores.repo';
import type { SecretBox } from '../security/crypto';
import type { BigCommerceApp } from './bigcommerce/app';
import { PlatformRejectedError, type StorePlatform } from './types';

export interface Platforms {
  forStore(store: Store): StorePlatform;
}

export function platforms(deps: { bigcommerce?: BigCommerceApp; box: SecretBox }): Platforms {
  return {
    forStore(store) {
      if (store.status !== 'active' || !store.accessTokenEnc) {
        throw new PlatformRejectedError(`store ${store.platformId} is not installed`, 401);
      }
      if (store.platform !== 'bigcommerce' || !deps.bigcommerce) {
        throw new PlatformRejectedError(`no client for platform ${store.platform}`, 501);
      }
      return deps.bigcommerce.forStore(store.platformId, deps.box.decrypt(store.accessTokenEnc));
    },
  };
}
