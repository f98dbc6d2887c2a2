import type { Job } from 'bullmq';
import type { Db } from '../server/db/client';
import type { Platforms } from '../server/platform/registry';
import type { ApplyDeps } from '../server/use-cases/apply-item-event.use-case';
import { recordOrder } from '../server/use-cases/record-order.use-case';
import type { JobPayloads } from './queues';

export function ordersProcessor(deps: ApplyDeps & { db: Db; platforms: Platforms }) {
  return async (job: Job<JobPayloads['orders']>) => recordOrder(deps, job.data.storeId, job.data.orderId);
}
