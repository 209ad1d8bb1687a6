import type { Db, Prisma } from '@hybridcoach/db';
import { DateTime } from 'luxon';

export const DAILY_METRICS = [
  'active_users',
  'sessions_completed',
  'avg_rating',
  'minutes_in_session',
  'no_shows',
] as const;
export type DailyMetric = (typeof DAILY_METRICS)[number];

export interface DailyRollup {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  values: Record<DailyMetric, number>;
}

interface Row {
  active_users: number;
  sessions_completed: number;
  avg_rating: number | null;
  ratings: number;
  minutes_in_session: number;
  no_shows: number;
}

/**
 * PlatformMetric rows for one UTC day (the day containing `day`), upserted per (date, metric):
 * running it again, or late, rewrites the same rows. What each metric counts is stored in its
 * metadata, so a chart can say it.
 */
export async function rollupDailyMetrics(db: Db, day: Date): Promise<DailyRollup> {
  const start = DateTime.fromJSDate(day, { zone: 'utc' }).startOf('day');
  const from = start.toJSDate();
  const to = start.plus({ days: 1 }).toJSDate();
  const [row] = await db.$queryRaw<Row[]>`
    WITH ended AS (
      SELECT "appointmentId" FROM "Session"
      WHERE "endedAt" >= ${from}::timestamptz AND "endedAt" < ${to}::timestamptz
      UNION ALL
      SELECT "appointmentId" FROM "SessionArchive"
      WHERE "endedAt" >= ${from}::timestamptz AND "endedAt" < ${to}::timestamptz
    )
    SELECT
      (SELECT count(DISTINCT uid)::int FROM (
         SELECT "userId" AS uid FROM "UserSession"
           WHERE ("lastActive" >= ${from}::timestamptz AND "lastActive" < ${to}::timestamptz)
              OR ("createdAt" >= ${from}::timestamptz AND "createdAt" < ${to}::timestamptz)
         UNION SELECT identity FROM "SessionParticipant"
           WHERE role <> 'agent' AND "joinedAt" >= ${from}::timestamptz AND "joinedAt" < ${to}::timestamptz
         UNION SELECT "userId" FROM "Message"
           WHERE "userId" IS NOT NULL AND "createdAt" >= ${from}::timestamptz AND "createdAt" < ${to}::timestamptz
         UNION SELECT "userId" FROM "AuditLog"
           WHERE action = 'auth.sign_in' AND "userId" IS NOT NULL
             AND "createdAt" >= ${from}::timestamptz AND "createdAt" < ${to}::timestamptz
       ) active) AS active_users,
      (SELECT count(DISTINCT "appointmentId")::int FROM ended) AS sessions_completed,
      (SELECT avg(rating)::float8 FROM "SessionRating"
         WHERE "createdAt" >= ${from}::timestamptz AND "createdAt" < ${to}::timestamptz) AS avg_rating,
      (SELECT count(*)::int FROM "SessionRating"
         WHERE "createdAt" >= ${from}::timestamptz AND "createdAt" < ${to}::timestamptz) AS ratings,
      (SELECT COALESCE(sum(p."secondsPresent") / 60.0, 0)::float8 FROM "SessionParticipant" p
         WHERE p.role <> 'agent' AND p."appointmentId" IN (SELECT "appointmentId" FROM ended))
        AS minutes_in_session,
      (SELECT count(*)::int FROM "Appointment"
         WHERE status = 'no_show' AND "endsAt" >= ${from}::timestamptz AND "endsAt" < ${to}::timestamptz) AS no_shows`;
  if (!row) throw new Error('the metrics query returned no row');

  const values: Record<DailyMetric, number> = {
    active_users: row.active_users,
    sessions_completed: row.sessions_completed,
    avg_rating: row.avg_rating === null ? 0 : Math.round(row.avg_rating * 100) / 100,
    minutes_in_session: Math.round(row.minutes_in_session * 10) / 10,
    no_shows: row.no_shows,
  };
  const metadata: Record<DailyMetric, Prisma.InputJsonObject> = {
    active_users: { counts: 'distinct users who signed in, used the app, joined a session or wrote a message' },
    sessions_completed: { counts: 'appointments whose session ended completed that day' },
    avg_rating: { counts: 'mean of session ratings given that day; 0 when there were none', ratings: row.ratings },
    minutes_in_session: { counts: 'participant-minutes of completed sessions that ended that day' },
    no_shows: { counts: 'appointments due to end that day that nobody joined' },
  };
  for (const metric of DAILY_METRICS) {
    await db.platformMetric.upsert({
      where: { date_metric: { date: from, metric } },
      create: { date: from, metric, value: values[metric], metadata: metadata[metric] },
      update: { value: values[metric], metadata: metadata[metric] },
    });
  }
  return { date: start.toISODate() ?? '', values };
}
