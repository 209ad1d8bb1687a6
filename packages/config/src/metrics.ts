import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: tRPC calls, jobs and deliveries, from a fast read to a slow summary. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * One registry per process (tests run several servers in one process, hence no global): the
 * Node runtime's default series plus whatever the process adds, every series labelled `app`.
 */
export function createMetricsRegistry(app: 'web' | 'worker' | 'agent'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * Whether a scrape may read /metrics: with METRICS_TOKEN set, only `Authorization: Bearer
 * <token>` (compared in constant time); without it, only where `openWithoutToken` (the
 * worker's and agent's internal health ports, never the web server's public port).
 */
export function metricsAllowed(
  authorization: string | undefined,
  token: string | undefined,
  openWithoutToken: boolean,
): boolean {
  if (!token) return openWithoutToken;
  const given = Buffer.from(authorization?.replace(/^Bearer\s+/i, '') ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
