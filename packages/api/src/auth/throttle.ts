import type { Db } from '@hybridcoach/db';

export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export interface ThrottleResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Counts one hit on `key` in the current fixed window, atomically in the database so that
 * every server process shares the count. Allowed while the count is within `limit`.
 */
export async function hitThrottle(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<ThrottleResult> {
  const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RequestThrottle" ("key", "windowStart", "count") VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RequestThrottle"."count" + 1
    RETURNING "count"`;
  const count = rows[0]?.count ?? 1;
  return {
    allowed: count <= rule.limit,
    count,
    retryAfterSeconds: Math.ceil((windowStart.getTime() + rule.windowMs - now.getTime()) / 1000),
  };
}
