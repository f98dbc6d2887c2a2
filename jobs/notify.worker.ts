import type { Job } from 'bullmq';
import { sendNotice, type NoticeDeps } from '../core/use-cases/send-notice.use-case';
import type { JobPayloads } from './queues';

export function notifyProcessor(deps: NoticeDeps) {
  return async (job: Job<JobPayloads['notify']>) => ({
    outcome: await sendNotice(deps, job.data.outboxId),
  });
}
