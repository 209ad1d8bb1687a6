/**
 * Dates and times in a person's IANA zone, on top of the browser's own time-zone database
 * (Intl). Local dates are 'YYYY-MM-DD' strings and local times 'HH:mm', as the scheduling API
 * takes them; only `zonedToInstant` and `localPartsOf` cross between wall clock and instant.
 */

const DAY_MS = 86_400_000;
const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockOf(instant: number, timeZone: string): WallClock {
  const out: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return {
    year: out.year ?? 1970,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const w = wallClockOf(whole, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - whole;
}

/** The local date and time of an instant in `timeZone`. */
export function localPartsOf(instant: Date, timeZone: string): { date: string; time: string } {
  const w = wallClockOf(instant.getTime(), timeZone);
  return { date: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** Today's date in `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return localPartsOf(now, timeZone).date;
}

function parseDate(date: string): [number, number, number] {
  const [y = '1970', m = '01', d = '01'] = date.split('-');
  return [Number(y), Number(m), Number(d)];
}

/** A calendar date as midnight UTC: days then step by exactly 24 h, with no clock changes in the way. */
function dateToUtc(date: string): number {
  const [y, m, d] = parseDate(date);
  return Date.UTC(y, m - 1, d);
}

function utcToDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The calendar date `days` after (or before) `date`. */
export function addDays(date: string, days: number): string {
  return utcToDate(dateToUtc(date) + days * DAY_MS);
}

/** Day of the week of a calendar date, 0 = Sunday (as the API numbers weekdays). */
export function weekdayOf(date: string): number {
  return new Date(dateToUtc(date)).getUTCDay();
}

/** The Monday on or before `date`. */
export function startOfWeek(date: string): string {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dateToUtc(to) - dateToUtc(from)) / DAY_MS);
}

export function isLocalDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return utcToDate(dateToUtc(value)) === value;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`. A time that happens
 * twice (clocks go back) is its first occurrence; a time that never happens (clocks go
 * forward) moves on by the gap, so 02:30 on a spring-forward night is 03:30.
 */
export function zonedToInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = parseDate(date);
  const [hh = '0', mm = '0'] = time.split(':');
  const wall = Date.UTC(y, m - 1, d, Number(hh), Number(mm));
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((instant) => wall - instant === offsetAt(instant, timeZone))
    .sort((a, b) => a - b);
  return new Date(valid[0] ?? wall - before);
}
