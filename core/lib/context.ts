/**
 * What the process is working on: the request it is answering, or the job it is running and the
 * request that queued it. Set by the HTTP face for each request and by the job face for each job;
 * read by the logger (every line carries it) and by the queues (a job carries its request's id).
 * It follows the work across `await`s, timers and callbacks (AsyncLocalStorage), so nothing passes
 * it by hand.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface WorkContext {
  /** The HTTP request's id (`x-request-id`), or the id of the request that queued the job. */
  requestId?: string;
  jobId?: string;
  queue?: string;
}

const storage = new AsyncLocalStorage<WorkContext>();

/** Runs `work` inside `context`; everything it starts, directly or not, sees that context. */
export function runInContext<T>(context: WorkContext, work: () => T): T {
  return storage.run(context, work);
}

/** The context of the work running now; empty outside any request or job (start-up, timers). */
export function currentContext(): WorkContext {
  return storage.getStore() ?? {};
}
