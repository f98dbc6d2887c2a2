import type { Job } from 'bullmq';
import { sendOwnerNotice, type NoticeDeps } from '../core/use-cases/send-owner-notice.use-case';
import type { JobPayloads } from './queues';

export function notifyProcessor(deps: NoticeDeps) {
  return async (job: Job<JobPayloads['notify']>) => ({
    outcome: await sendOwnerNotice(deps, job.data.outboxId),
  });
}
