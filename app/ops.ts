/**
 * What operators see: the queue dashboard (bull-board over every queue, with retry and clean) and,
 * for a worker process (no HTTP server of its own), /metrics on METRICS_PORT. Both behind OPS_TOKEN
 * (`server/ops.routes.ts`).
 */
import type { Server } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import express, { type Express } from 'express';
import type { Logger } from '../core/lib/log';
import type { Queues } from '../jobs/runtime';
import { errorMiddleware } from '../server/errors';
import { DASHBOARD_PATH, mountOpsRoutes, type OpsDeps } from '../server/ops.routes';

export function queueDashboard(queues: Queues): Express {
  const board = new ExpressAdapter();
  board.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(queues).map((queue) => new BullMQAdapter(queue, { allowRetries: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Backorder queues' } },
  });
  const dashboard = board.getRouter() as Express;
  dashboard.disable('x-powered-by');
  return dashboard;
}

/** A worker's own /metrics: its counters (jobs, platform calls, emails, imports) and the shared figures. */
export function startMetricsServer(
  port: number,
  ops: Omit<OpsDeps, 'dashboard'>,
  log: Logger,
): Promise<Server> {
  const app = express();
  app.disable('x-powered-by');
  mountOpsRoutes(app, ops);
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No such route' } });
  });
  app.use(errorMiddleware(log));
  return new Promise<Server>((resolve, reject) => {
    const server = app.listen(port, () => resolve(server));
    server.once('error', reject);
  });
}
