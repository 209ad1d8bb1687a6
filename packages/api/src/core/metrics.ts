import { Counter, Histogram, LATENCY_BUCKETS, type Registry } from '@hybridcoach/config';
import { isTrackedEnvelope } from '@trpc/server';

/** What the tRPC layer reports about the calls it serves (web server, worker's in-process calls). */
export interface ApiMetrics {
  /** A finished query or mutation: `outcome` is 'ok' or the tRPC error code. */
  call(procedure: string, type: 'query' | 'mutation', outcome: string, seconds: number): void;
  /** A live event handed to a subscriber, `lagSeconds` after its row was written. */
  delivered(procedure: string, lagSeconds: number): void;
}

export function createApiMetrics(registry: Registry): ApiMetrics {
  const requests = new Counter({
    name: 'hc_trpc_requests_total',
    help: 'tRPC queries and mutations served, by procedure and outcome (ok or the tRPC error code)',
    labelNames: ['procedure', 'type', 'outcome'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'hc_trpc_errors_total',
    help: 'tRPC calls that failed, by procedure and code (INTERNAL_SERVER_ERROR is a bug or an outage)',
    labelNames: ['procedure', 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'hc_trpc_request_duration_seconds',
    help: 'Time to answer a tRPC query or mutation',
    labelNames: ['procedure', 'type'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'hc_session_event_delivery_lag_seconds',
    help: "Time from a live message's createdAt to its delivery to a subscriber (NOTIFY fan-out and read)",
    labelNames: ['procedure'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    call(procedure, type, outcome, seconds) {
      requests.inc({ procedure, type, outcome });
      if (outcome !== 'ok') errors.inc({ procedure, code: outcome });
      duration.observe({ procedure, type }, seconds);
    },
    delivered(procedure, lagSeconds) {
      lag.observe({ procedure }, Math.max(0, lagSeconds));
    },
  };
}

/**
 * When a yielded subscription item was recorded, where it says: its own `createdAt`, or its
 * message's (live session events carry the stored message; those are nearly all of them).
 */
function createdAtOf(item: unknown): Date | null {
  const data = (isTrackedEnvelope(item) ? item[1] : item) as {
    createdAt?: unknown;
    message?: { createdAt?: unknown };
  } | null;
  const createdAt = data?.createdAt ?? data?.message?.createdAt;
  return createdAt instanceof Date ? createdAt : null;
}

/** The subscription's items, unchanged, each reported to `metrics` as it is handed over. */
export async function* observeDeliveries<T>(
  items: AsyncIterable<T>,
  procedure: string,
  metrics: ApiMetrics,
): AsyncGenerator<T, void, undefined> {
  for await (const item of items) {
    const createdAt = createdAtOf(item);
    if (createdAt) metrics.delivered(procedure, (Date.now() - createdAt.getTime()) / 1000);
    yield item;
  }
}
