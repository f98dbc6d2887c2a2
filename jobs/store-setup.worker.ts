import type { Job } from 'bullmq';
import type { Db } from '../core/db/client';
import type { Logger } from '../core/lib/log';
import type { Platforms } from '../core/use-cases/platforms';
import type { HookTokens } from '../core/security/hook-token';
import { setupStore } from '../core/use-cases/setup-store.use-case';
import type { JobPayloads } from './queues';

export function storeSetupProcessor(deps: {
  db: Db;
  platforms: Platforms;
  hookTokens: HookTokens;
  appUrl: string;
  log: Logger;
}) {
  return async (job: Job<JobPayloads['storeSetup']>) => {
    // A refused token or request (must fix) stops the job: retrying will not make it better.
    const result = await setupStore(deps, job.data.storeId);
    deps.log.info('store set up', { storeId: job.data.storeId, ...result });
    if ('script' in result && result.script === 'refused')
      deps.log.warn(
        'storefront script not installed: the store did not grant the Content scope (store_v2_content); button and cart texts will not show',
        { storeId: job.data.storeId },
      );
    return result;
  };
}
