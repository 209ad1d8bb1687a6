import * as human from '@hybridcoach/api/format';

/**
 * How scheduling pages write times: always in one named zone (the viewer's), so "10:30" is
 * never ambiguous, and in the words emails use (`@hybridcoach/api/format`, the one formatting
 * module). Locale comes from the browser, like the rest of the app.
 */

/** "9:00 AM" (or "09:00", as the browser's locale writes it) in the zone. */
export function formatTime(instant: Date, timeZone: string): string {
  return human.formatTime(instant, { timeZone });
}

/** The zone's short name at that moment: "EST", "BST", or "GMT+1" where there is no common name. */
export function zoneAbbreviation(timeZone: string, at: Date = new Date()): string {
  return human.zoneAbbreviation(at, { timeZone });
}

export const describeZone = human.describeZone;

/** A calendar date ('YYYY-MM-DD') for reading: "Thursday, January 22, 2026". */
export function formatLocalDate(date: string, style: 'long' | 'medium' | 'short' = 'long'): string {
  return human.formatCalendarDate(date, style);
}

/** "12:00 – 5:00 PM": a day's hours ('HH:mm'), in the same style as every other time. */
export function formatHours(start: string, end: string): string {
  return human.formatWallTimeRange(start, end);
}

const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });

/** Weekday and day number for a compact day button: { weekday: "Thu", day: "22", month: "Jan" }. */
export function dayParts(date: string): { weekday: string; day: string; month: string } {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const noon = new Date(Date.UTC(y, m - 1, d, 12));
  return { weekday: weekdayFormat.format(noon), day: String(d), month: monthFormat.format(noon) };
}

/** "Tue, Dec 1" for an instant in the zone (with the year when it is not this year). */
export function formatDate(instant: Date, timeZone: string): string {
  return human.formatDay(instant, { timeZone });
}

/** "9:00 – 9:30 AM EST" (without the zone where the page already names it once, in tight spaces). */
export function formatTimeRange(start: Date, end: Date, timeZone: string, options: { zone?: boolean } = {}): string {
  return human.formatTimeRange(start, end, { timeZone, ...options });
}

/** "Tue, Dec 1 · 9:00 – 9:30 AM EST": an appointment's time in one line. */
export function formatWhen(start: Date, end: Date, timeZone: string): string {
  return human.formatWhenRange(start, end, { timeZone });
}

/** Minutes as people say them: "45 minutes", "2 hours", "1 h 30 min". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
