import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsAllowed, type Registry } from './metrics';

export interface Readiness {
  ready: boolean;
  [detail: string]: unknown;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The health port of a process without a web server of its own (worker, agent):
 * - `GET /livez`: 200 while the process answers (restart it when this fails);
 * - `GET /readyz`: `ready()` as JSON, 200 when it can do its work, 503 when not (or draining);
 * - `GET /healthz`: the same report as /readyz, under the name older monitors use;
 * - `GET /metrics`: the registry in Prometheus text format (METRICS_TOKEN guards it when set).
 */
export async function startOpsServer(options: {
  host: string;
  port: number;
  ready: () => Readiness | Promise<Readiness>;
  registry: Registry;
  metricsToken?: string;
}): Promise<OpsServer> {
  const server = http.createServer((req, res) => {
    void answer(req, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(err instanceof Error ? err.message : 'error');
    });
  });
  async function answer(req: http.IncomingMessage, res: http.ServerResponse) {
    const path = req.url?.split('?')[0];
    if (req.method !== 'GET') return void res.writeHead(405).end();
    if (path === '/livez') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ live: true, uptimeSeconds: Math.round(process.uptime()) }));
    }
    if (path === '/readyz' || path === '/healthz') {
      const body = await options.ready();
      res.writeHead(body.ready ? 200 : 503, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify(body));
    }
    if (path === '/metrics') {
      if (!metricsAllowed(req.headers.authorization, options.metricsToken, true)) {
        return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      }
      res.writeHead(200, { 'content-type': options.registry.contentType });
      return void res.end(await options.registry.metrics());
    }
    res.writeHead(404).end();
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
