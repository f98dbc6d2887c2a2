import type { Job } from 'bullmq';
import { noMetrics, type MailMetrics } from '../core/lib/metrics';
import type { Mailer } from '../core/mail/mailer';
import { sendNotice, type NoticeDeps } from '../core/use-cases/send-notice.use-case';
import type { JobPayloads } from './queues';

export function notifyProcessor(deps: NoticeDeps & { metrics?: MailMetrics }) {
  const noticeDeps = { ...deps, mailer: counted(deps.mailer, deps.metrics ?? noMetrics) };
  return async (job: Job<JobPayloads['notify']>) => ({
    outcome: await sendNotice(noticeDeps, job.data.outboxId),
  });
}

/** Each email the SMTP server took (sent) or that did not reach it (failed). */
function counted(mailer: Mailer, metrics: MailMetrics): Mailer {
  return {
    send: async (mail) => {
      try {
        await mailer.send(mail);
      } catch (err) {
        metrics.email('failed');
        throw err;
      }
      metrics.email('sent');
    },
    close: () => mailer.close(),
  };
}
