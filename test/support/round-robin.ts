/**
 * An HTTP front for several web processes of one app, as a load balancer is: each request goes to the
 * next process in turn (webhooks, OAuth callbacks, admin API alike), bytes passed through unchanged
 * so webhook signatures still hold. Counts what each process answered.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobin {
  url: string;
  /** Requests each upstream answered, in the order of `ports`. */
  answered: number[];
  close(): Promise<void>;
}

export async function roundRobin(ports: number[]): Promise<RoundRobin> {
  const agent = new http.Agent({ keepAlive: true });
  const answered = ports.map(() => 0);
  let next = 0;
  const server = http.createServer((req, res) => {
    const i = next++ % ports.length;
    const upstream = http.request(
      { host: '127.0.0.1', port: ports[i], method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        answered[i]!++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
