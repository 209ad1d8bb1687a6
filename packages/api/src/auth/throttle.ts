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

/** Several counters (same window length) in one statement; results in the order of `hits`. */
export async function hitThrottles(
  db: Db,
  hits: { key: string; rule: ThrottleRule }[],
  now: Date,
): Promise<ThrottleResult[]> {
  const windowMs = hits[0]?.rule.windowMs ?? 60_000;
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const rows = await db.$queryRaw<{ key: string; count: number }[]>`
    INSERT INTO "RequestThrottle" ("key", "windowStart", "count")
    SELECT k, ${windowStart}::timestamptz, 1 FROM unnest(${hits.map((h) => h.key)}::text[]) AS k
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RequestThrottle"."count" + 1
    RETURNING "key", "count"`;
  const retryAfterSeconds = Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 1000);
  return hits.map((h) => {
    const count = rows.find((r) => r.key === h.key)?.count ?? 1;
    return { allowed: count <= h.rule.limit, count, retryAfterSeconds };
  });
}
