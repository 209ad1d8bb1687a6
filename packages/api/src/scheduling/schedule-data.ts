import { type Db, Prisma, sqlRows } from '@hybridcoach/db';
import type { AvailabilityWindow, BookingRules, Span } from './slots';

type Reader = Db | Prisma.TransactionClient;

export interface CoachSchedule {
  coachId: string;
  rules: BookingRules;
  isAvailable: boolean;
  windows: AvailabilityWindow[];
  /** Time off that touches the range asked for. */
  timeOff: Span[];
}

/** Whose schedules: one coach (whatever their availability), or every coach taking bookings. */
export type CoachFilter = { coachId: string } | 'available';

/** The longest buffer a coach may set (CHECK in migration SQL): how far busy time can reach. */
const MAX_BUFFER_MS = 240 * 60_000;
/** The longest slot (schemas.ts): how far past the range a slot starting in it can reach. */
const MAX_SLOT_MS = 120 * 60_000;

function coachCondition(filter: CoachFilter): Prisma.Sql {
  return filter === 'available'
    ? Prisma.sql`u.role = 'coach' AND u."deletedAt" IS NULL AND u."isAvailable"`
    : Prisma.sql`u.role = 'coach' AND u."deletedAt" IS NULL AND u.id = ${filter.coachId}`;
}

interface ScheduleRow {
  coachId: string;
  timezone: string;
  bufferMinutes: number;
  minNoticeMinutes: number;
  bookingHorizonDays: number;
  isAvailable: boolean;
  windows: {
    dayOfWeek: number;
    startTime: string;
    endTime: string;
    isRecurring: boolean;
    specificDate: string | null;
  }[];
  timeOff: [number, number][];
}

/**
 * Rules, windows and time off (touching [from, to)) of the coaches the filter names, in one
 * statement, sorted by coach id. A missing, deleted or non-coach id yields no row.
 */
export async function loadSchedules(
  db: Reader,
  filter: CoachFilter,
  range: { from: Date; to: Date },
): Promise<CoachSchedule[]> {
  const rows = await sqlRows<ScheduleRow>(
    db,
    Prisma.sql`
    SELECT u.id AS "coachId", u.timezone, u."bufferMinutes", u."minNoticeMinutes", u."bookingHorizonDays",
      u."isAvailable",
      COALESCE((
        SELECT json_agg(json_build_object('dayOfWeek', a."dayOfWeek", 'startTime', a."startTime",
          'endTime', a."endTime", 'isRecurring', a."isRecurring", 'specificDate', a."specificDate"))
        FROM "CoachAvailability" a WHERE a."coachId" = u.id
      ), '[]') AS windows,
      COALESCE((
        SELECT json_agg(json_build_array(
          (extract(epoch FROM t."startsAt") * 1000)::float8, (extract(epoch FROM t."endsAt") * 1000)::float8))
        FROM "CoachTimeOff" t
        WHERE t."coachId" = u.id AND t."endsAt" > ${range.from} AND t."startsAt" < ${new Date(range.to.getTime() + MAX_SLOT_MS)}
      ), '[]') AS "timeOff"
    FROM "User" u
    WHERE ${coachCondition(filter)}
    ORDER BY u.id`,
  );
  return rows.map((r) => ({
    coachId: r.coachId,
    rules: {
      timezone: r.timezone,
      bufferMinutes: r.bufferMinutes,
      minNoticeMinutes: r.minNoticeMinutes,
      bookingHorizonDays: r.bookingHorizonDays,
    },
    isAvailable: r.isAvailable,
    // A date column is a calendar date; as UTC midnight it reads back as that date (slots.ts).
    windows: r.windows.map((w) => ({
      ...w,
      specificDate: w.specificDate ? new Date(`${w.specificDate}T00:00:00Z`) : null,
    })),
    timeOff: r.timeOff.map(([start, end]) => ({ start, end })),
  }));
}

export interface BusySpan extends Span {
  coachId: string;
  clientId: string;
}

/**
 * Live (scheduled or active) appointments of the filtered coaches and of the client that could
 * touch [from, to) once buffers are added, in one statement; `except` leaves out the appointment
 * being moved.
 */
export async function loadBusy(
  db: Reader,
  input: { coaches: CoachFilter; clientId: string | null; from: Date; to: Date; except?: string },
): Promise<BusySpan[]> {
  const lo = new Date(input.from.getTime() - MAX_BUFFER_MS);
  const hi = new Date(input.to.getTime() + MAX_SLOT_MS + MAX_BUFFER_MS);
  return sqlRows<BusySpan>(
    db,
    Prisma.sql`
    SELECT a."coachId", a."clientId",
      (extract(epoch FROM a."scheduledFor") * 1000)::float8 AS start,
      (extract(epoch FROM a."endsAt") * 1000)::float8 AS "end"
    FROM "Appointment" a
    WHERE a.status IN ('scheduled', 'active') AND a."scheduledFor" < ${hi} AND a."endsAt" > ${lo}
      AND (a."coachId" IN (SELECT u.id FROM "User" u WHERE ${coachCondition(input.coaches)})
        OR a."clientId" = ${input.clientId})
      AND a.id IS DISTINCT FROM ${input.except ?? null}::text
    ORDER BY a."scheduledFor"`,
  );
}

/** Each coach's busy time, grouped in one pass: their own appointments and the client's (with anyone). */
export function busyByCoach(busy: BusySpan[], clientId: string | null): (coachId: string) => Span[] {
  const byCoach = new Map<string, Span[]>();
  const clients: Span[] = [];
  for (const b of busy) {
    if (clientId !== null && b.clientId === clientId) clients.push(b);
    else {
      const list = byCoach.get(b.coachId);
      if (list) list.push(b);
      else byCoach.set(b.coachId, [b]);
    }
  }
  return (coachId) => [...(byCoach.get(coachId) ?? []), ...clients];
}
