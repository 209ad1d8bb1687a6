// Hand-written twins of open slots and booking: the same rows through plain SQL on kept `pg`
// connections, and the computation written directly (one formatter per zone, offsets remembered
// per hour). They handle what the bench data holds (windows away from clock-change hours), and
// the benchmark checks that they give the same answers as the product.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** Milliseconds to add to an instant to get the zone's wall clock (offsets change on the hour). */
function offsetMs(zone: string, ms: number): number {
  const hour = Math.floor(ms / HOUR);
  const key = `${zone}|${hour}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    let f = formatters.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
      formatters.set(zone, f);
    }
    const p = Object.fromEntries(f.formatToParts(hour * HOUR).map((x) => [x.type, Number(x.value)]));
    offset = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day, p.hour, p.minute) - hour * HOUR;
    offsets.set(key, offset);
  }
  return offset;
}

const toInstant = (zone: string, wall: number) => wall - offsetMs(zone, wall - offsetMs(zone, wall));
const pad = (n: number) => String(n).padStart(2, '0');

const SCHEDULES_SQL = `
  SELECT u.id, u.timezone, u."bufferMinutes", u."minNoticeMinutes", u."bookingHorizonDays", u."isAvailable",
    COALESCE((SELECT json_agg(json_build_array(a."dayOfWeek", a."startTime", a."endTime", a."isRecurring", a."specificDate"))
      FROM "CoachAvailability" a WHERE a."coachId" = u.id), '[]') AS windows,
    COALESCE((SELECT json_agg(json_build_array((extract(epoch FROM t."startsAt") * 1000)::float8,
        (extract(epoch FROM t."endsAt") * 1000)::float8))
      FROM "CoachTimeOff" t WHERE t."coachId" = u.id AND t."endsAt" > $2 AND t."startsAt" < $3), '[]') AS "timeOff"
  FROM "User" u
  WHERE u.role = 'coach' AND u."deletedAt" IS NULL AND ($1::text IS NULL AND u."isAvailable" OR u.id = $1)
  ORDER BY u.id`;

const BUSY_SQL = `
  SELECT a."coachId", a."clientId", (extract(epoch FROM a."scheduledFor") * 1000)::float8 AS s,
    (extract(epoch FROM a."endsAt") * 1000)::float8 AS e
  FROM "Appointment" a
  WHERE a.status IN ('scheduled', 'active') AND a."scheduledFor" < $3 AND a."endsAt" > $2
    AND (a."coachId" IN (SELECT id FROM "User" WHERE role = 'coach' AND "deletedAt" IS NULL
      AND ($1::text IS NULL AND "isAvailable" OR id = $1)) OR a."clientId" = $4)
  ORDER BY a."scheduledFor"`;

interface Coach {
  id: string;
  timezone: string;
  bufferMinutes: number;
  minNoticeMinutes: number;
  bookingHorizonDays: number;
  isAvailable: boolean;
  windows: [number, string, string, boolean, string | null][];
  timeOff: [number, number][];
}

export interface TwinSlotsQuery {
  coachId: string | null;
  clientId: string;
  from: string;
  to: string;
  timezone: string;
  durationMin: number;
  now: Date;
}

const minutes = (hhmm: string) => (hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));

/** Start instants of one coach's open slots in [lo, hi). */
function coachStarts(coach: Coach, busy: { s: number; e: number }[], lo0: number, hi0: number, q: TwinSlotsQuery) {
  const zone = coach.timezone;
  const now = q.now.getTime();
  const lo = Math.max(lo0, now + coach.minNoticeMinutes * MINUTE);
  const nowWall = now + offsetMs(zone, now);
  const hi = Math.min(hi0, toInstant(zone, nowWall + coach.bookingHorizonDays * DAY) + 1);
  const duration = q.durationMin * MINUTE;
  const step = 30 * MINUTE;
  const starts: number[] = [];
  for (let day = Math.floor((lo + offsetMs(zone, lo)) / DAY); toInstant(zone, day * DAY) < hi; day++) {
    const weekday = (day + 4) % 7;
    const date = new Date(day * DAY).toISOString().slice(0, 10);
    for (const [dow, start, end, recurring, specific] of coach.windows) {
      if (recurring ? dow !== weekday : specific !== date) continue;
      const s0 = toInstant(zone, day * DAY + minutes(start) * MINUTE);
      const e0 = toInstant(zone, day * DAY + minutes(end) * MINUTE);
      for (let s = s0 + Math.max(0, Math.ceil((lo - s0) / step)) * step; s < hi && s + duration <= e0; s += step) {
        starts.push(s);
      }
    }
  }
  starts.sort((a, b) => a - b);
  const buffer = coach.bufferMinutes * MINUTE;
  const blocked = [
    ...coach.timeOff.map(([s, e]) => ({ s, e })),
    ...busy.map((b) => ({ s: b.s - buffer, e: b.e + buffer })),
  ].sort((a, b) => a.s - b.s);
  const merged: { s: number; e: number }[] = [];
  for (const b of blocked) {
    const last = merged.at(-1);
    if (last && b.s <= last.e) last.e = Math.max(last.e, b.e);
    else merged.push({ ...b });
  }
  const open: number[] = [];
  let j = 0;
  let previous = Number.NaN;
  for (const s of starts) {
    if (s === previous) continue;
    previous = s;
    while (j < merged.length && (merged[j]?.e ?? 0) <= s) j++;
    if (j < merged.length && (merged[j]?.s ?? 0) < s + duration) continue;
    open.push(s);
  }
  return open;
}

/** Open slots over local dates in the viewer's zone, grouped as the product answers. */
export async function twinOpenSlots(pool: pg.Pool, q: TwinSlotsQuery) {
  const viewerNow = q.now.getTime() + offsetMs(q.timezone, q.now.getTime());
  const today = new Date(viewerNow).toISOString().slice(0, 10);
  const fromDay = Date.parse([q.from, today].sort()[1] ?? q.from) / DAY;
  const lo = toInstant(q.timezone, fromDay * DAY);
  const hi = toInstant(q.timezone, (Date.parse(q.to) / DAY + 1) * DAY);
  const [coaches, busy] = await Promise.all([
    pool.query<Coach>(SCHEDULES_SQL, [q.coachId, new Date(lo), new Date(hi + 2 * HOUR)]),
    pool.query<{ coachId: string; clientId: string; s: number; e: number }>(BUSY_SQL, [
      q.coachId,
      new Date(lo - 4 * HOUR),
      new Date(hi + 6 * HOUR),
      q.clientId,
    ]),
  ]);
  const coachIds: string[] = [];
  const at = new Map<number, number[]>();
  for (const coach of coaches.rows) {
    if (!coach.isAvailable) continue;
    const theirs = busy.rows.filter((b) => b.coachId === coach.id || b.clientId === q.clientId);
    const starts = coachStarts(coach, theirs, lo, hi, q);
    if (starts.length === 0) continue;
    const index = coachIds.push(coach.id) - 1;
    for (const s of starts) at.set(s, [...(at.get(s) ?? []), index]);
  }
  const days: { date: string; times: { time: string; startsAt: number; coaches: number[] }[] }[] = [];
  for (const s of [...at.keys()].sort((a, b) => a - b)) {
    const wall = s + offsetMs(q.timezone, s);
    const date = new Date(wall).toISOString().slice(0, 10);
    const m = Math.floor((wall % DAY) / MINUTE);
    if (days.at(-1)?.date !== date) days.push({ date, times: [] });
    days
      .at(-1)
      ?.times.push({ time: `${pad(Math.floor(m / 60))}:${pad(m % 60)}`, startsAt: s, coaches: at.get(s) ?? [] });
  }
  return { durationMin: q.durationMin, coachIds, days };
}

export type TwinBooking = 'booked' | 'conflict';

/**
 * A booking by hand: check the slot against the schedule and busy time (the same two statements
 * as open slots), read both people's notification choices, then lock both people, insert if
 * still free, start the coach–client relationship, and tell both people.
 */
export async function twinBook(
  pool: pg.Pool,
  input: { coachId: string; clientId: string; startsAt: Date; durationMin: number; now: Date },
): Promise<TwinBooking> {
  const start = input.startsAt.getTime();
  const end = start + input.durationMin * MINUTE;
  const day = new Date(start).toISOString().slice(0, 10);
  const open = await twinOpenSlots(pool, {
    coachId: input.coachId,
    clientId: input.clientId,
    from: day,
    to: day,
    timezone: 'UTC',
    durationMin: input.durationMin,
    now: input.now,
  });
  if (!open.days.some((d) => d.times.some((t) => t.startsAt === start))) return 'conflict';
  // Each person's locale and email choice for the notifications, as ours reads them.
  await pool.query(
    `SELECT u.id, u.locale, p.email FROM "User" u
     LEFT JOIN "NotificationPreference" p ON p."userId" = u.id AND p.topic = 'appointments'
     WHERE u.id = ANY($1::text[])`,
    [[input.clientId, input.coachId]],
  );
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    await db.query('SELECT pg_advisory_xact_lock(hashtext(k)) FROM unnest($1::text[]) AS k', [
      [input.coachId, input.clientId].sort().map((id) => `schedule:${id}`),
    ]);
    const inserted = await db.query(
      `WITH a AS (
        INSERT INTO "Appointment" (id, "coachId", "clientId", "scheduledFor", "durationMin", "endsAt", "roomId", status,
          "createdAt", "updatedAt")
        SELECT gen_random_uuid()::text, $1, $2, $3, $4, $5, $6, 'scheduled', now(), now()
        FROM "User" coach
        WHERE coach.id = $1 AND NOT EXISTS (
          SELECT 1 FROM "Appointment" b
          WHERE b.status IN ('scheduled', 'active') AND (b."coachId" = $1 OR b."clientId" = $2)
            AND b."scheduledFor" < $5::timestamptz + make_interval(mins => coach."bufferMinutes")
            AND b."endsAt" > $3::timestamptz - make_interval(mins => coach."bufferMinutes"))
        RETURNING *)
      SELECT a.*, c.email AS coach_email, c."displayName" AS coach_name, k.email AS client_email,
        k."displayName" AS client_name
      FROM a JOIN "User" c ON c.id = a."coachId" JOIN "User" k ON k.id = a."clientId"`,
      [input.coachId, input.clientId, input.startsAt, input.durationMin, new Date(end), `session-${randomUUID()}`],
    );
    const row = inserted.rows[0];
    // The client's booking starts (or keeps) the coach–client relationship, under the same lock.
    if (row)
      await db.query(
        `INSERT INTO "CoachClientRelationship" (id, "coachId", "clientId", origin, "createdById", "createdAt")
         VALUES (gen_random_uuid()::text, $1, $2, 'client_booking', $2, $3)
         ON CONFLICT ("coachId", "clientId") DO UPDATE
           SET "endedAt" = NULL, "endedById" = NULL, origin = EXCLUDED.origin,
               "createdById" = EXCLUDED."createdById", "createdAt" = EXCLUDED."createdAt"
           WHERE "CoachClientRelationship"."endedAt" IS NOT NULL`,
        [input.coachId, input.clientId, input.now],
      );
    await db.query('COMMIT');
    if (!row) return 'conflict';
    await db.query(
      `INSERT INTO "Notification" (id, "userId", type, title, message, "actionUrl", "createdAt")
       SELECT gen_random_uuid()::text, u, 'appointment_booked', 'Session booked', m, $3, now()
       FROM unnest($1::text[], $2::text[]) AS x(u, m)`,
      [
        [row.clientId, row.coachId],
        [`Session booked: with ${row.coach_name}`, `Session booked: with ${row.client_name}`],
        `/appointments/${row.id}`,
      ],
    );
    return 'booked';
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    db.release();
  }
}
