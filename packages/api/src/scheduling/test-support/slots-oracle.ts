import { DateTime, IANAZone } from 'luxon';
import type { AvailabilityWindow, BookingRules, Interval, OpenSlot, SlotQuery } from '../slots';

/**
 * The slot engine as it was before zone-clock.ts (a luxon DateTime per day, per non-ordinary window
 * bound and per described slot), kept only as the oracle that slots-oracle.test.ts compares the
 * current engine with. Not used by the product.
 */

function zoneOrThrow(timezone: string): IANAZone {
  if (!IANAZone.isValidZone(timezone)) throw new RangeError(`Unknown timezone: ${timezone}`);
  return IANAZone.create(timezone);
}

const SLOT_STEP_MINUTES = 30;

const MINUTE_MS = 60_000;

/** A window with its wall-clock bounds parsed once, in minutes since local midnight. */
interface ParsedWindow {
  startMinute: number;
  /** 1440 means "24:00", the start of the next local day. */
  endMinute: number;
}

/** A calendar date, independent of any zone. */
interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function oracleOpenSlots(
  rules: BookingRules,
  windows: AvailabilityWindow[],
  timeOff: Interval[],
  busy: Interval[],
  query: SlotQuery,
): OpenSlot[] {
  const zone = zoneOrThrow(rules.timezone);
  const durationMs = positiveMinutes(query.durationMin, 'durationMin') * MINUTE_MS;
  const stepMs = positiveMinutes(query.stepMinutes ?? SLOT_STEP_MINUTES, 'stepMinutes') * MINUTE_MS;
  const nowMs = instantMs(query.now, 'now');

  // Narrow [from, to) by notice and horizon first, so days outside it are never visited.
  const lo = Math.max(instantMs(query.from, 'from'), nowMs + rules.minNoticeMinutes * MINUTE_MS);
  // The horizon counts calendar days in the coach's zone (23- or 25-hour days included); its
  // instant is itself bookable, hence the exclusive bound one millisecond later.
  const horizonMs = DateTime.fromMillis(nowMs, { zone }).plus({ days: rules.bookingHorizonDays }).toMillis();
  const hi = Math.min(instantMs(query.to, 'to'), horizonMs + 1);
  if (!(lo < hi)) return [];

  const { recurringByWeekday, oneOffByDate } = indexWindows(windows);

  // A Set of start instants dedupes the same slot offered by overlapping windows.
  const starts = new Set<number>();
  let day = localDay(localDateOf(lo, zone), zone);
  while (day.startMs < hi) {
    const next = localDay(nextDate(day.date), zone);
    // luxon conversions cost tens of microseconds each, so on an ordinary day (wall 00:00 exists and
    // the offset is the same at both ends) wall-clock minutes are elapsed minutes from the day start.
    // Like luxon's own disambiguation, this assumes at most one offset change in a day.
    const ordinary = day.startsAtMidnight && day.offset === next.offset;
    const instantOf = (minute: number): number => {
      if (minute === 24 * 60) return next.startMs;
      return ordinary ? day.startMs + minute * MINUTE_MS : localInstantMs(day.date, minute, zone);
    };
    const todays = [...(recurringByWeekday.get(day.weekday) ?? []), ...(oneOffByDate.get(isoDate(day.date)) ?? [])];
    for (const window of todays) {
      const startMs = instantOf(window.startMinute);
      const endMs = instantOf(window.endMinute);
      // Jump straight to the first step at or after `lo` rather than walking up to it.
      const firstStep = startMs >= lo ? 0 : Math.ceil((lo - startMs) / stepMs);
      for (let s = startMs + firstStep * stepMs; s < hi && s + durationMs <= endMs; s += stepMs) {
        starts.add(s);
      }
    }
    day = next;
  }

  const sortedStarts = [...starts].sort((a, b) => a - b);
  const blocked = blockedIntervals(timeOff, busy, rules.bufferMinutes * MINUTE_MS);
  const slots: OpenSlot[] = [];
  // Both lists are sorted and `blocked` is disjoint, so one pointer walks each list once.
  let b = 0;
  let block = blocked[b];
  for (const s of sortedStarts) {
    const e = s + durationMs;
    // Intervals ending by `s` cannot touch this or any later candidate.
    while (block !== undefined && block.end <= s) block = blocked[++b];
    if (block !== undefined && block.start < e) continue;
    slots.push({ startsAt: new Date(s), endsAt: new Date(e) });
  }
  return slots;
}

/**
 * True iff `slot` is exactly one of `openSlots`' answers for a query around it, with the default
 * step counted from its window's start. Used to validate a booking against fresh data.
 */
export function oracleIsSlotOpen(
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
  const offered = oracleOpenSlots(rules, windows, timeOff, busy, {
    from: slot.startsAt,
    to: new Date(startMs + 1),
    durationMin: (endMs - startMs) / MINUTE_MS,
    now,
  });
  return offered.some((o) => o.startsAt.getTime() === startMs && o.endsAt.getTime() === endMs);
}

/**
 * Inclusive local dates "YYYY-MM-DD" in `timezone` → [start of fromDate, start of the day after
 * toDate) as instants. A day is 23 or 25 hours long across a clock change.
 */
export function oracleLocalDayRange(fromDate: string, toDate: string, timezone: string): { from: Date; to: Date } {
  const zone = zoneOrThrow(timezone);
  const first = parseIsoDate(fromDate, 'fromDate');
  const last = parseIsoDate(toDate, 'toDate');
  if (isoDate(last) < isoDate(first)) {
    throw new RangeError(`toDate ${toDate} is before fromDate ${fromDate}`);
  }
  return {
    from: new Date(localInstantMs(first, 0, zone)),
    to: new Date(localInstantMs(nextDate(last), 0, zone)),
  };
}

export function oracleDescribeInZone(
  instant: Date,
  timezone: string,
): { localDate: string; localTime: string; offset: string } {
  const zone = zoneOrThrow(timezone);
  const local = DateTime.fromMillis(instantMs(instant, 'instant'), { zone });
  return { localDate: local.toFormat('yyyy-MM-dd'), localTime: local.toFormat('HH:mm'), offset: local.toFormat('ZZ') };
}

function instantMs(value: Date, name: string): number {
  const ms = value.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid date`);
  return ms;
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
  oneOffByDate: Map<string, ParsedWindow[]>;
} {
  const recurringByWeekday = new Map<number, ParsedWindow[]>();
  const oneOffByDate = new Map<string, ParsedWindow[]>();
  const push = <K>(map: Map<K, ParsedWindow[]>, key: K, window: ParsedWindow) => {
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
      const utc = DateTime.fromMillis(instantMs(w.specificDate, 'specificDate'), { zone: 'utc' });
      push(oneOffByDate, isoDate({ year: utc.year, month: utc.month, day: utc.day }), parsed);
    }
  }
  return { recurringByWeekday, oneOffByDate };
}

/**
 * The instant of a wall-clock time on a local date: gaps move forward (luxon), repeated times take
 * their first occurrence.
 */
function localInstantMs(date: CalendarDate, minuteOfDay: number, zone: IANAZone): number {
  return localDateTime(date, minuteOfDay, zone).toMillis();
}

function localDateTime(date: CalendarDate, minuteOfDay: number, zone: IANAZone): DateTime {
  const local = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 },
    { zone },
  );
  let earliest = local;
  for (const candidate of local.getPossibleOffsets()) {
    if (candidate.toMillis() < earliest.toMillis()) earliest = candidate;
  }
  return earliest;
}

/** A local date in the coach's zone with what the slot loop needs of it, computed once per day. */
interface LocalDay {
  date: CalendarDate;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  startMs: number;
  /** False when 00:00 falls in a gap and the day starts later on the wall clock. */
  startsAtMidnight: boolean;
  /** Minutes east of UTC at the start of the day. */
  offset: number;
}

function localDay(date: CalendarDate, zone: IANAZone): LocalDay {
  const start = localDateTime(date, 0, zone);
  return {
    date,
    // luxon numbers Monday 1 … Sunday 7; windows use Sunday 0 … Saturday 6.
    weekday: start.weekday % 7,
    startMs: start.toMillis(),
    startsAtMidnight: start.hour === 0 && start.minute === 0,
    offset: start.offset,
  };
}

function localDateOf(ms: number, zone: IANAZone): CalendarDate {
  const local = DateTime.fromMillis(ms, { zone });
  return { year: local.year, month: local.month, day: local.day };
}

/** Calendar arithmetic on a plain date is done in UTC, where every day has 24 hours. */
function nextDate(date: CalendarDate): CalendarDate {
  const next = DateTime.fromObject(date, { zone: 'utc' }).plus({ days: 1 });
  return { year: next.year, month: next.month, day: next.day };
}

function isoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

function parseIsoDate(value: string, name: string): CalendarDate {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: 'utc' }) : null;
  if (!parsed?.isValid) throw new RangeError(`${name} must be a date as YYYY-MM-DD, got ${value}`);
  return { year: parsed.year, month: parsed.month, day: parsed.day };
}

/**
 * Time off as is, appointments widened by the buffer on both sides, sorted and merged into disjoint
 * intervals so that a single forward pointer can test every candidate.
 */
function blockedIntervals(timeOff: Interval[], busy: Interval[], bufferMs: number): { start: number; end: number }[] {
  const raw: { start: number; end: number }[] = [];
  for (const t of timeOff)
    raw.push({ start: instantMs(t.startsAt, 'timeOff.startsAt'), end: instantMs(t.endsAt, 'timeOff.endsAt') });
  for (const a of busy) {
    raw.push({
      start: instantMs(a.startsAt, 'busy.startsAt') - bufferMs,
      end: instantMs(a.endsAt, 'busy.endsAt') + bufferMs,
    });
  }
  const sorted = raw.filter((r) => r.start < r.end).sort((x, y) => x.start - y.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    // Touching intervals merge too: with half-open intervals the union blocks exactly the same slots.
    if (last !== undefined && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged;
}
