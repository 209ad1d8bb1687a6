import type { Db } from '@hybridcoach/db';

export interface Health {
  status: 'ok' | 'degraded';
  database: { up: boolean; latencyMs: number; error?: string };
  time: Date;
}

/** Round-trips the database; never throws, so /healthz can always answer. */
export async function checkHealth(db: Db, now = () => new Date()): Promise<Health> {
  const started = performance.now();
  try {
    await db.$queryRaw`SELECT 1`;
    return {
      status: 'ok',
      database: { up: true, latencyMs: Math.round(performance.now() - started) },
      time: now(),
    };
  } catch (err) {
    return {
      status: 'degraded',
      database: {
        up: false,
        latencyMs: Math.round(performance.now() - started),
        error: err instanceof Error ? err.message.split('\n')[0] : String(err),
      },
      time: now(),
    };
  }
}
