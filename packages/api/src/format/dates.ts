/**
 * Dates and times as people read them, the same in the app and in notifications and emails:
 * "Tue, Dec 1 · 9:00 AM EST" in the reader's IANA zone and locale. Plain `Intl`, no imports,
 * so the browser bundle can take it as it is. A `locale` left undefined is the runtime's own
 * (the browser's, in the app); servers pass the recipient's.
 */

export interface Reader {
  /** IANA zone; one that does not exist reads as UTC rather than failing a message. */
  timeZone: string;
  /** BCP 47 tag ("en-US"); undefined: the runtime's default. */
  locale?: string | undefined;
}

const cache = new Map<string, Intl.DateTimeFormat>();

/** ICU writes narrow and thin no-break spaces ("9:00\u202fAM"); messages and pages use plain ones. */
function plain(text: string): string {
  return text.replace(/[\u202f\u2009\u00a0]/g, ' ');
}

/** Formatters are costly to build; each (locale, zone, kind) is built once. */
function formatter(locale: string | undefined, key: string, options: Intl.DateTimeFormatOptions) {
  const id = `${locale ?? ''}|${options.timeZone ?? ''}|${key}`;
  let f = cache.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(id, f);
  }
  return f;
}

const zoneValidity = new Map<string, boolean>();

/** The zone when the runtime knows it, else UTC. */
function safeTimeZone(timeZone: string): string {
  let valid = zoneValidity.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    zoneValidity.set(timeZone, valid);
  }
  return valid ? timeZone : 'UTC';
}

const localeSupport = new Map<string, string>();

/** The locale when the runtime supports it (or undefined for the default), else en-US. */
export function safeLocale(locale: string | undefined | null): string | undefined {
  if (!locale) return undefined;
  let chosen = localeSupport.get(locale);
  if (chosen === undefined) {
    try {
      chosen = Intl.DateTimeFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en-US';
    } catch {
      chosen = 'en-US';
    }
    localeSupport.set(locale, chosen);
  }
  return chosen;
}

function resolved(reader: Reader): { zone: string; locale: string | undefined } {
  return { zone: safeTimeZone(reader.timeZone), locale: safeLocale(reader.locale) };
}

/** "9:00 AM" (en-US), "09:00" (en-GB). */
export function formatTime(instant: Date, reader: Reader): string {
  const { zone, locale } = resolved(reader);
  return plain(formatter(locale, 'time', { timeStyle: 'short', timeZone: zone }).format(instant));
}

function yearIn(instant: Date, zone: string): string {
  return formatter('en-US', 'year', { year: 'numeric', timeZone: zone }).format(instant);
}

/**
 * "Tue, Dec 1": the day of an instant in the zone, with the year only when it is not the year
 * of `now` there ("Fri, Jan 8, 2027"), or always with `year: 'always'`.
 */
export function formatDay(instant: Date, reader: Reader & { now?: Date; year?: 'auto' | 'always' }): string {
  const { zone, locale } = resolved(reader);
  const withYear = reader.year === 'always' || yearIn(instant, zone) !== yearIn(reader.now ?? new Date(), zone);
  return plain(
    formatter(locale, withYear ? 'day+year' : 'day', {
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      ...(withYear ? { year: 'numeric' } : {}),
      timeZone: zone,
    }).format(instant),
  );
}

/** The zone's short name at that moment: "EST", "EDT", or "GMT+1" where the locale has none. */
export function zoneAbbreviation(instant: Date, reader: Reader): string {
  const { zone, locale } = resolved(reader);
  const parts = formatter(locale, 'zone', { timeZoneName: 'short', timeZone: zone }).formatToParts(instant);
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? zone;
}

/** "Tue, Dec 1 · 9:00 AM EST": one instant, for messages and lists. */
export function formatWhen(instant: Date, reader: Reader & { now?: Date }): string {
  return `${formatDay(instant, reader)} · ${formatTime(instant, reader)} ${zoneAbbreviation(instant, reader)}`;
}

function sameDay(a: Date, b: Date, zone: string): boolean {
  const f = formatter('en-US', 'ymd', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone });
  return f.format(a) === f.format(b);
}

/** "9:00 – 9:30 AM EST" (the locale joins the two; `zone: false` leaves the zone out). */
export function formatTimeRange(start: Date, end: Date, reader: Reader & { zone?: boolean }): string {
  const { zone, locale } = resolved(reader);
  const range = plain(formatter(locale, 'time', { timeStyle: 'short', timeZone: zone }).formatRange(start, end));
  return reader.zone === false ? range : `${range} ${zoneAbbreviation(start, reader)}`;
}

/**
 * "Tue, Dec 1 · 9:00 – 9:30 AM EST": an appointment's time in one line; one that runs past
 * midnight names both days ("Tue, Dec 1 · 11:30 PM – Wed, Dec 2 · 12:30 AM EST").
 */
export function formatWhenRange(start: Date, end: Date, reader: Reader & { now?: Date }): string {
  const { zone } = resolved(reader);
  if (sameDay(start, end, zone)) return `${formatDay(start, reader)} · ${formatTimeRange(start, end, reader)}`;
  return `${formatDay(start, reader)} · ${formatTime(start, reader)} – ${formatDay(end, reader)} · ${formatTime(end, reader)} ${zoneAbbreviation(end, reader)}`;
}

/**
 * "from Tue, Dec 1 · 9:00 AM to Wed, Dec 2 · 10:00 AM EST": a move, with the zone once when
 * both ends share it.
 */
export function formatMove(from: Date, to: Date, reader: Reader & { now?: Date }): string {
  const fromZone = zoneAbbreviation(from, reader);
  const toZone = zoneAbbreviation(to, reader);
  const fromText = `${formatDay(from, reader)} · ${formatTime(from, reader)}${fromZone === toZone ? '' : ` ${fromZone}`}`;
  return `from ${fromText} to ${formatWhen(to, reader)}`;
}

/** A wall-clock 'HH:mm' (availability hours) written as the locale writes times: "12:00 PM". */
export function formatWallTime(time: string, locale?: string): string {
  return plain(wallClock(locale).format(wallClockDate(time)));
}

/** 'HH:mm'–'HH:mm' of a day's hours: "12:00 – 5:00 PM". An end of '24:00' (or 00:00) is midnight. */
export function formatWallTimeRange(start: string, end: string, locale?: string): string {
  const from = wallClockDate(start);
  const to = wallClockDate(end);
  // Ending at midnight is the next day, which formatRange would spell out with dates.
  if (to.getTime() <= from.getTime() || to.getUTCDate() !== from.getUTCDate()) {
    return `${formatWallTime(start, locale)} – ${formatWallTime(end, locale)}`;
  }
  return plain(wallClock(locale).formatRange(from, to));
}

function wallClock(locale: string | undefined): Intl.DateTimeFormat {
  return formatter(safeLocale(locale), 'time', { timeStyle: 'short', timeZone: 'UTC' });
}

function wallClockDate(time: string): Date {
  const [hh = '0', mm = '0'] = time.split(':');
  return new Date(Date.UTC(2000, 0, 3, Number(hh), Number(mm)));
}

/** A calendar date ('YYYY-MM-DD') for reading: long "Thursday, January 22, 2026", short "Thu, Jan 22". */
export function formatCalendarDate(date: string, style: 'long' | 'medium' | 'short', locale?: string): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const noon = new Date(Date.UTC(y, m - 1, d, 12));
  const options: Intl.DateTimeFormatOptions =
    style === 'long'
      ? { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
      : style === 'medium'
        ? { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }
        : { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' };
  return plain(formatter(safeLocale(locale), `date:${style}`, options).format(noon));
}

/** "Dec 1, 2026, 9:00 AM EST": an instant with its year, for records (receipts, logs, audit). */
export function formatTimestamp(instant: Date, reader: Reader & { zone?: boolean }): string {
  const { zone, locale } = resolved(reader);
  const stamp = plain(
    formatter(locale, 'stamp', { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(instant),
  );
  return reader.zone === false ? stamp : `${stamp} ${zoneAbbreviation(instant, reader)}`;
}

/** "Europe/Lisbon" → "Lisbon", "America/Argentina/Buenos_Aires" → "Buenos Aires". */
export function timezoneCity(timeZone: string): string {
  return (timeZone.split('/').at(-1) ?? timeZone).replaceAll('_', ' ');
}

/** "New York time (America/New_York)": how a page or message names the zone its times are in. */
export function describeZone(timeZone: string): string {
  return timeZone === 'UTC' ? 'UTC' : `${timezoneCity(timeZone)} time (${timeZone})`;
}
