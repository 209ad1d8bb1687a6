import type { Db } from '@hybridcoach/db';
import { DateTime } from 'luxon';

/** Sign-in sessions that can no longer be used: expired, or revoked (signed out). Daily. */
export async function pruneUserSessions(db: Db, now: Date): Promise<{ deleted: number }> {
  const { count } = await db.userSession.deleteMany({
    where: { OR: [{ expiresAt: { lt: now } }, { isActive: false }] },
  });
  return { deleted: count };
}

/**
 * Sign-in codes that can no longer be redeemed: used, expired or withdrawn. Hourly. Sessions
 * started with a code keep working (UserSession.authCodeId becomes null by design).
 */
export async function pruneAuthCodes(db: Db, now: Date): Promise<{ deleted: number }> {
  const { count } = await db.authCode.deleteMany({
    where: { OR: [{ usedAt: { not: null } }, { expiresAt: { lt: now } }, { isActive: false }] },
  });
  return { deleted: count };
}

/** Windows no limit reads any more; the longest throttle window is 15 minutes. */
const THROTTLE_KEEP_MS = 24 * 60 * 60_000;

/**
 * Counters whose window is over: RateLimit days before yesterday (today's count is the one the
 * daily limit reads; yesterday's is kept for a member asking at midnight), RequestThrottle windows
 * older than a day.
 */
export async function pruneRateLimits(db: Db, now: Date): Promise<{ rateLimits: number; requestThrottles: number }> {
  const yesterday = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day').minus({ days: 1 }).toJSDate();
  const rateLimits = await db.rateLimit.deleteMany({ where: { requestDate: { lt: yesterday } } });
  const requestThrottles = await db.requestThrottle.deleteMany({
    where: { windowStart: { lt: new Date(now.getTime() - THROTTLE_KEEP_MS) } },
  });
  return { rateLimits: rateLimits.count, requestThrottles: requestThrottles.count };
}

/**
 * The Skool sync's own bookkeeping: webhook event ids after a week (deliveries older than the
 * signature tolerance are refused anyway), previews a day after they expire, finished sync
 * requests after 90 days.
 */
export async function pruneSkoolRecords(
  db: Db,
  now: Date,
): Promise<{ webhookEvents: number; previews: number; syncRequests: number }> {
  const ago = (days: number) => DateTime.fromJSDate(now, { zone: 'utc' }).minus({ days }).toJSDate();
  const webhookEvents = await db.skoolWebhookEvent.deleteMany({ where: { receivedAt: { lt: ago(7) } } });
  const previews = await db.skoolSyncPreview.deleteMany({ where: { expiresAt: { lt: ago(1) } } });
  const syncRequests = await db.skoolSyncRequest.deleteMany({
    where: { status: { in: ['done', 'failed'] }, requestedAt: { lt: ago(90) } },
  });
  return { webhookEvents: webhookEvents.count, previews: previews.count, syncRequests: syncRequests.count };
}
