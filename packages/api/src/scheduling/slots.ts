import { DateTime } from 'luxon';
import { DAY_MS, epochDay, isoDateOf, timeOf, weekdayOf, ZoneClock } from './zone-clock';

/**
 * Pure slot computation: a coach's weekly and one-off availability, their time off and existing
 * appointments, and the clock → the slots a client may book. No I/O, so it is tested in milliseconds.
 *
 * Wall-clock times are interpreted in the coach's IANA zone (zone-clock.ts: the zone's offset
 * changes, found once, then arithmetic; no luxon DateTime per day or slot). Two daylight-saving
 * rules apply everywhere a local time becomes an instant (window bounds, day starts):
 * - a time in a spring-forward gap moves forward, as luxon's `DateTime.fromObject` does;
 * - a time that occurs twice on the autumn day is its first occurrence, so a window that spans the
 *   repeated hour contains both copies of it.
 * Slots are stepped in real elapsed minutes from the window start, so the repeated hour yields
 * distinct instants and the skipped hour yields none.
 */

export interface AvailabilityWindow {
  /** 0 = Sunday … 6 = Saturday, in the coach's zone. */
  dayOfWeek: number;
  /** "HH:MM", coach-local. */
  startTime: string;
  /** "HH:MM", or "24:00" for the end of the day. */
  endTime: string;
  isRecurring: boolean;
  /** A calendar date as Prisma returns `@db.Date`: UTC midnight of that date. */
  specificDate: Date | null;
}

export interface Interval {
  startsAt: Date;
  endsAt: Date;
}

/** An interval as instants in milliseconds, as the engine and the SQL that feeds it use them. */
export interface Span {
  start: number;
  end: number;
}

export interface BookingRules {
  /** The coach's IANA zone. */
  timezone: string;
  bufferMinutes: number;
  minNoticeMinutes: number;
  bookingHorizonDays: number;
}

export interface SlotQuery {
  /** Instants; slots must start in [from, to). */
  from: Date;
  to: Date;
  durationMin: number;
  now: Date;
  /** Default `SLOT_STEP_MINUTES`. */
  stepMinutes?: number;
}

export interface OpenSlot {
  startsAt: Date;
  endsAt: Date;
}

export const SLOT_STEP_MINUTES = 30;

const MINUTE_MS = 60_000;

/** A window with its wall-clock bounds parsed once, in minutes since local midnight. */
interface ParsedWindow {
  startMinute: number;
  /** 1440 means "24:00", the start of the next local day. */
  endMinute: number;
}

export function openSlots(
  rules: BookingRules,
  windows: AvailabilityWindow[],
  timeOff: Interval[],
  busy: Interval[],
  query: SlotQuery,
): OpenSlot[] {
  const durationMs = positiveMinutes(query.durationMin, 'durationMin') * MINUTE_MS;
  return openSlotStarts(rules, windows, spansOf(timeOff, 'timeOff'), spansOf(busy, 'busy'), query).map((s) => ({
    startsAt: new Date(s),
    endsAt: new Date(s + durationMs),
  }));
}

/** `openSlots` on spans, as sorted start instants (ms): what callers that group slots need. */
export function openSlotStarts(
  rules: BookingRules,
  windows: AvailabilityWindow[],
  timeOff: Span[],
  busy: Span[],
  query: SlotQuery,
): number[] {
  const clock = new ZoneClock(rules.timezone);
  const durationMs = positiveMinutes(query.durationMin, 'durationMin') * MINUTE_MS;
  const stepMs = positiveMinutes(query.stepMinutes ?? SLOT_STEP_MINUTES, 'stepMinutes') * MINUTE_MS;
  const nowMs = instantMs(query.now, 'now');

  // Narrow [from, to) by notice and horizon first, so days outside it are never visited.
  const lo = Math.max(instantMs(query.from, 'from'), nowMs + rules.minNoticeMinutes * MINUTE_MS);
  // The horizon counts calendar days in the coach's zone (23- or 25-hour days included); its
  // instant is itself bookable, hence the exclusive bound one millisecond later.
  const horizonMs = DateTime.fromMillis(nowMs, { zone: clock.zone })
    .plus({ days: rules.bookingHorizonDays })
    .toMillis();
  const hi = Math.min(instantMs(query.to, 'to'), horizonMs + 1);
  if (!(lo < hi)) return [];

  const { recurringByWeekday, oneOffByDay } = indexWindows(windows);

  // A Set of start instants dedupes the same slot offered by overlapping windows.
  const starts = new Set<number>();
  let day = epochDay(clock.wallOf(lo));
  let dayStart = clock.instantOf(day * DAY_MS);
  while (dayStart < hi) {
    const nextStart = clock.instantOf((day + 1) * DAY_MS);
    const instantOf = (minute: number): number =>
      minute === 24 * 60 ? nextStart : clock.instantOf(day * DAY_MS + minute * MINUTE_MS);
    for (const todays of [recurringByWeekday.get(weekdayOf(day)), oneOffByDay.get(day)]) {
      for (const window of todays ?? []) {
        const startMs = instantOf(window.startMinute);
        const endMs = instantOf(window.endMinute);
        // Jump straight to the first step at or after `lo` rather than walking up to it.
        const firstStep = startMs >= lo ? 0 : Math.ceil((lo - startMs) / stepMs);
        for (let s = startMs + firstStep * stepMs; s < hi && s + durationMs <= endMs; s += stepMs) {
          starts.add(s);
        }
      }
    }
    day++;
    dayStart = nextStart;
  }

  const sortedStarts = [...starts].sort((a, b) => a - b);
  const blocked = blockedIntervals(timeOff, busy, rules.bufferMinutes * MINUTE_MS);
  const open: number[] = [];
  // Both lists are sorted and `blocked` is disjoint, so one pointer walks each list once.
  let b = 0;
  let block = blocked[b];
  for (const s of sortedStarts) {
    const e = s + durationMs;
    // Intervals ending by `s` cannot touch this or any later candidate.
    while (block !== undefined && block.end <= s) block = blocked[++b];
    if (block !== undefined && block.start < e) continue;
    open.push(s);
  }
  return open;
}

/**
 * True iff `slot` is exactly one of `openSlots`' answers for a query around it, with the default
 * step counted from its window's start. Used to validate a booking against fresh data.
 */
export function isSlotOpen(
  rules: BookingRules,
  windows: AvailabilityWindow[],
  timeOff: Interval[],
  busy: Interval[],
  slot: OpenSlot,
  now: Date,
): boolean {
  const startMs = slot.startsAt.getTime();
  const endMs = slot.endsAt.getTime();
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs <= startMs) return false;
  // A one-millisecond query admits only this start; its local date is the only one visited.
  return openSlotStarts(rules, windows, spansOf(timeOff, 'timeOff'), spansOf(busy, 'busy'), {
    from: slot.startsAt,
    to: new Date(startMs + 1),
    durationMin: (endMs - startMs) / MINUTE_MS,
    now,
  }).includes(startMs);
}

/**
 * Inclusive local dates "YYYY-MM-DD" in `timezone` → [start of fromDate, start of the day after
 * toDate) as instants. A day is 23 or 25 hours long across a clock change.
 */
export function localDayRange(fromDate: string, toDate: string, timezone: string): { from: Date; to: Date } {
  const clock = new ZoneClock(timezone);
  const first = parseIsoDate(fromDate, 'fromDate');
  const last = parseIsoDate(toDate, 'toDate');
  if (last < first) throw new RangeError(`toDate ${toDate} is before fromDate ${fromDate}`);
  return { from: new Date(clock.instantOf(first * DAY_MS)), to: new Date(clock.instantOf((last + 1) * DAY_MS)) };
}

export function describeInZone(
  instant: Date,
  timezone: string,
): { localDate: string; localTime: string; offset: string } {
  const ms = instantMs(instant, 'instant');
  const clock = new ZoneClock(timezone);
  const offset = clock.offsetAt(ms);
  const wall = ms + offset * MINUTE_MS;
  const abs = Math.abs(offset);
  return {
    localDate: isoDateOf(epochDay(wall)),
    localTime: timeOf(wall),
    offset: `${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`,
  };
}

function instantMs(value: Date, name: string): number {
  const ms = value.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid date`);
  return ms;
}

function spansOf(intervals: Interval[], name: string): Span[] {
  return intervals.map((i) => ({
    start: instantMs(i.startsAt, `${name}.startsAt`),
    end: instantMs(i.endsAt, `${name}.endsAt`),
  }));
}

function positiveMinutes(value: number, name: string): number {
  // Zero or negative would never advance the candidate loop.
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of minutes`);
  return value;
}

/** "HH:MM" → minutes since midnight; "24:00" only where `allowEndOfDay`. */
function parseTime(value: string, allowEndOfDay: boolean): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (match) return Number(match[1]) * 60 + Number(match[2]);
  if (allowEndOfDay && value === '24:00') return 24 * 60;
  throw new RangeError(`Invalid availability time: ${value}`);
}

function indexWindows(windows: AvailabilityWindow[]): {
  recurringByWeekday: Map<number, ParsedWindow[]>;
  oneOffByDay: Map<number, ParsedWindow[]>;
} {
  const recurringByWeekday = new Map<number, ParsedWindow[]>();
  const oneOffByDay = new Map<number, ParsedWindow[]>();
  const push = (map: Map<number, ParsedWindow[]>, key: number, window: ParsedWindow) => {
    const list = map.get(key);
    if (list) list.push(window);
    else map.set(key, [window]);
  };
  for (const w of windows) {
    const parsed = { startMinute: parseTime(w.startTime, false), endMinute: parseTime(w.endTime, true) };
    if (w.isRecurring) {
      push(recurringByWeekday, w.dayOfWeek, parsed);
    } else if (w.specificDate !== null) {
      // A date column arrives as UTC midnight, so its calendar date is read in UTC, not the coach's zone.
      push(oneOffByDay, epochDay(instantMs(w.specificDate, 'specificDate')), parsed);
    }
  }
  return { recurringByWeekday, oneOffByDay };
}

/** "YYYY-MM-DD" → its epoch day, refusing dates that do not exist (2027-02-30). */
function parseIsoDate(value: string, name: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!Number.isFinite(ms) || isoDateOf(epochDay(ms)) !== value) {
    throw new RangeError(`${name} must be a date as YYYY-MM-DD, got ${value}`);
  }
  return epochDay(ms);
}

/**
 * Time off as is, appointments widened by the buffer on both sides, sorted and merged into disjoint
 * intervals so that a single forward pointer can test every candidate.
 */
function blockedIntervals(timeOff: Span[], busy: Span[], bufferMs: number): Span[] {
  const raw: Span[] = [...timeOff];
  for (const a of busy) raw.push({ start: a.start - bufferMs, end: a.end + bufferMs });
  const sorted = raw.filter((r) => r.start < r.end).sort((x, y) => x.start - y.start);
  const merged: Span[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    // Touching intervals merge too: with half-open intervals the union blocks exactly the same slots.
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}
