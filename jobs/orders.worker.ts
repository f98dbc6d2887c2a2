import type { Job } from 'bullmq';
import type { Db } from '../core/db/client';
import type { Platforms } from '../core/use-cases/platforms';
import type { ApplyDeps } from '../core/use-cases/apply-item-event.use-case';
import { recordOrder } from '../core/use-cases/record-order.use-case';
import type { JobPayloads } from './queues';

export function ordersProcessor(deps: ApplyDeps & { db: Db; platforms: Platforms }) {
  return async (job: Job<JobPayloads['orders']>) =>
    recordOrder(deps, job.data.storeId, job.data.orderId, job.data);
}
