/**
 * What an operator watches of each queue: its jobs by state, and how long the oldest job waiting to
 * run has waited. Read from Redis, so every process sees the same figures.
 */
import type { Job, Queue } from 'bullmq';
import type { Queues } from './runtime';

export const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueFigures {
  queue: string;
  counts: Record<QueueState, number>;
  /** 0 when no job waits. */
  oldestWaitingSeconds: number;
}

export function queueFigures(queues: Queues, now: number = Date.now()): Promise<QueueFigures[]> {
  return Promise.all(
    Object.values(queues).map(async (queue: Queue) => {
      const [counts, oldest] = await Promise.all([
        queue.getJobCounts(...QUEUE_STATES),
        // The wait list takes new jobs at its head and gives them to workers from its tail.
        queue.getJobs(['waiting'], 0, 0, true),
      ]);
      return {
        queue: queue.name,
        counts: Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0])) as QueueFigures['counts'],
        oldestWaitingSeconds: oldest[0] ? Math.max(0, now - dueSince(oldest[0])) / 1000 : 0,
      };
    }),
  );
}

/**
 * When the job could first have run this time: when it was added or its delay ended, or, for a retry,
 * when its last attempt started (BullMQ keeps no time of the retry's back-off ending).
 */
function dueSince(job: Job): number {
  return Math.max(job.timestamp + (job.delay ?? 0), job.processedOn ?? 0);
}
