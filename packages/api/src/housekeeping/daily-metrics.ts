import type { Db, Prisma } from '@hybridcoach/db';
import { DateTime } from 'luxon';
import { DomainError } from '../core/errors';

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
export async function rollupDailyMetrics(db: Db, day: Date, now: Date): Promise<DailyRollup> {
  const start = DateTime.fromJSDate(day, { zone: 'utc' }).startOf('day');
  // Only a day that has begun has anything to count (and a day near year 9999 has no next one).
  if (start.toJSDate() > now) throw new DomainError('BAD_REQUEST', 'is in the future', { field: 'day' });
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
  // One statement for the day's rows: a backfill of a year runs this 366 times.
  await db.$executeRaw`
    INSERT INTO "PlatformMetric" (id, date, metric, value, metadata)
    SELECT gen_random_uuid()::text, ${from}::date, m.metric, m.value, m.metadata
    FROM unnest(${[...DAILY_METRICS]}::text[], ${DAILY_METRICS.map((m) => values[m])}::float8[],
                ${DAILY_METRICS.map((m) => JSON.stringify(metadata[m]))}::jsonb[]) AS m(metric, value, metadata)
    ON CONFLICT (date, metric) DO UPDATE SET value = EXCLUDED.value, metadata = EXCLUDED.metadata`;
  return { date: start.toISODate() ?? '', values };
}

/** How far back a backfill goes. */
export const BACKFILL_MAX_DAYS = 366;

export interface Backfill {
  /** Days rolled up now. */
  days: number;
  /** The days looked at (UTC, YYYY-MM-DD); null when there is no activity to count yet. */
  from: string | null;
  to: string | null;
}

/**
 * Rolls up every complete UTC day since the first activity (at most BACKFILL_MAX_DAYS back)
 * that has no rollup yet, or every one of them with `recompute`. A fresh install with history
 * (imported or seeded) gets its charts on the worker's first start; a restart costs two queries.
 */
export async function backfillDailyMetrics(db: Db, input: { now: Date; recompute: boolean }): Promise<Backfill> {
  const yesterday = DateTime.fromJSDate(input.now, { zone: 'utc' }).startOf('day').minus({ days: 1 });
  const [first] = await db.$queryRaw<{ at: Date | null }[]>`
    SELECT least(
      (SELECT min("startedAt") FROM "Session"),
      (SELECT min("startedAt") FROM "SessionArchive"),
      (SELECT min("createdAt") FROM "SessionRating"),
      (SELECT min("createdAt") FROM "UserSession")) AS at`;
  if (!first?.at) return { days: 0, from: null, to: null };
  const earliest = yesterday.minus({ days: BACKFILL_MAX_DAYS - 1 });
  const firstDay = DateTime.fromJSDate(first.at, { zone: 'utc' }).startOf('day');
  const from = DateTime.max(firstDay, earliest);
  if (from > yesterday) return { days: 0, from: null, to: null };
  const complete = input.recompute
    ? new Set<string>()
    : new Set(
        (
          await db.$queryRaw<{ date: Date }[]>`
            SELECT date FROM "PlatformMetric"
            WHERE date >= ${from.toJSDate()}::date AND date <= ${yesterday.toJSDate()}::date
              AND metric = ANY(${[...DAILY_METRICS]})
            GROUP BY date HAVING count(DISTINCT metric) = ${DAILY_METRICS.length}`
        ).map((r) => r.date.toISOString().slice(0, 10)),
      );
  let days = 0;
  for (let day = from; day <= yesterday; day = day.plus({ days: 1 })) {
    if (complete.has(day.toISODate() ?? '')) continue;
    await rollupDailyMetrics(db, day.toJSDate(), input.now);
    days++;
  }
  return { days, from: from.toISODate(), to: yesterday.toISODate() };
}
