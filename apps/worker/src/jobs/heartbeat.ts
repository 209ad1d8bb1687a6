import { type Context, createCaller, type Health } from '@hybridcoach/api';

export const HEARTBEAT_QUEUE = 'heartbeat';

/**
 * Proves the worker is alive end to end: pg-boss delivered a job, and the worker reached the
 * database through the same procedures as every other caller. The result is the job's output.
 */
export async function runHeartbeat(ctx: Context): Promise<Health> {
  const health = await createCaller(ctx).health.check();
  if (health.status !== 'ok') throw new Error(`database unhealthy: ${health.database.error ?? 'unknown'}`);
  ctx.logger.info({ dbLatencyMs: health.database.latencyMs }, 'heartbeat');
  return health;
}
