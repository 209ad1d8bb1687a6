import { timezoneCity } from '../../lib/format';

/**
 * How scheduling pages write times: always in one named zone (the viewer's), so "10:30" is
 * never ambiguous. Locale comes from the browser, like the rest of the app.
 */

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, options);
    cache.set(key, f);
  }
  return f;
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat(undefined, { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** "10:30" (or "10:30 AM") in the zone. */
export function formatTime(instant: Date, timeZone: string): string {
  const zone = safeZone(timeZone);
  return formatter(`time:${zone}`, { timeStyle: 'short', timeZone: zone }).format(instant);
}

/** The zone's short name at that moment: "EST", "BST", or "GMT+1" where there is no common name. */
export function zoneAbbreviation(timeZone: string, at: Date = new Date()): string {
  const zone = safeZone(timeZone);
  const parts = formatter(`zone:${zone}`, { timeZone: zone, timeZoneName: 'short' }).formatToParts(at);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/** "New York time (America/New_York)": how pages name the zone their times are in. */
export function describeZone(timeZone: string): string {
  return timeZone === 'UTC' ? 'UTC' : `${timezoneCity(timeZone)} time (${timeZone})`;
}

/** A calendar date ('YYYY-MM-DD') for reading: "Thursday, 22 January 2026". */
export function formatLocalDate(date: string, style: 'long' | 'medium' | 'short' = 'long'): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const instant = new Date(Date.UTC(y, m - 1, d, 12));
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
      : style === 'medium'
        ? { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }
        : { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
  return formatter(`date:${style}`, options).format(instant);
}

/** Weekday and day number for a compact day button: { weekday: "Thu", day: "22", month: "Jan" }. */
export function dayParts(date: string): { weekday: string; day: string; month: string } {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const instant = new Date(Date.UTC(y, m - 1, d, 12));
  return {
    weekday: formatter('weekday', { weekday: 'short', timeZone: 'UTC' }).format(instant),
    day: String(d),
    month: formatter('month', { month: 'short', timeZone: 'UTC' }).format(instant),
  };
}

/** "Thu, 22 Jan 2026" for an instant in the zone. */
export function formatDate(instant: Date, timeZone: string): string {
  const zone = safeZone(timeZone);
  return formatter(`day:${zone}`, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: zone,
  }).format(instant);
}

/** "10:30 – 11:00 EST" (without the zone where the page already names it once, in tight spaces). */
export function formatTimeRange(start: Date, end: Date, timeZone: string, options: { zone?: boolean } = {}): string {
  const range = `${formatTime(start, timeZone)} – ${formatTime(end, timeZone)}`;
  return options.zone === false ? range : `${range} ${zoneAbbreviation(timeZone, start)}`;
}

/** "Thu, 22 Jan 2026, 10:30 – 11:00 EST": an appointment's time in one line. */
export function formatWhen(start: Date, end: Date, timeZone: string): string {
  return `${formatDate(start, timeZone)}, ${formatTimeRange(start, end, timeZone)}`;
}

/** Minutes as people say them: "45 minutes", "2 hours", "1 h 30 min". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
