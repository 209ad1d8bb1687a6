/**
 * iCalendar (RFC 5545) text for appointments: calendar feeds and invitation attachments.
 * Hand-written because the subset we emit is small and every byte of it is tested. ical-generator
 * was weighed (issue 15): it pays off with recurrence, time zones, alarms or parsing, none of
 * which we emit (UTC instants only), and would swap these tested bytes for another dependency.
 */

export interface IcsEvent {
  uid: string;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description?: string;
  url?: string;
  location?: string;
  status: 'CONFIRMED' | 'CANCELLED';
  /** Incremented on every change so calendar clients replace their copy. */
  sequence: number;
  updatedAt: Date;
  organizer?: { name: string; email: string };
  attendees?: { name: string; email: string }[];
}

const CRLF = '\r\n';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;

export function buildCalendar(
  events: IcsEvent[],
  options: { name: string; method?: 'PUBLISH' | 'REQUEST' | 'CANCEL' },
): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//HybridCoach//Scheduling//EN',
    'CALSCALE:GREGORIAN',
  ];
  if (options.method !== undefined) lines.push(`METHOD:${options.method}`);
  lines.push(`X-WR-CALNAME:${escapeText(options.name)}`);
  for (const event of events) lines.push(...eventLines(event));
  lines.push('END:VCALENDAR');
  // Every content line, the last included, ends with CRLF.
  return lines.map((line) => foldLine(line) + CRLF).join('');
}

function eventLines(event: IcsEvent): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    // DTSTAMP is when this representation was last changed, so a re-sent invitation supersedes the old one.
    `DTSTAMP:${formatUtc(event.updatedAt)}`,
    `DTSTART:${formatUtc(event.startsAt)}`,
    `DTEND:${formatUtc(event.endsAt)}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description !== undefined) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location !== undefined) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url !== undefined) lines.push(`URL:${stripControls(event.url)}`);
  lines.push(
    `STATUS:${event.status}`,
    `SEQUENCE:${Math.trunc(event.sequence)}`,
    `LAST-MODIFIED:${formatUtc(event.updatedAt)}`,
  );
  if (event.organizer !== undefined) lines.push(`ORGANIZER${calAddress(event.organizer)}`);
  for (const attendee of event.attendees ?? []) lines.push(`ATTENDEE${calAddress(attendee)}`);
  lines.push('END:VEVENT');
  return lines;
}

/** `20270314T140000Z`: UTC, so no VTIMEZONE is needed. */
function formatUtc(instant: Date): string {
  // toISOString throws a RangeError for an invalid date, which is what we want here.
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT value escaping (RFC 5545 §3.3.11). */
function escapeText(value: string): string {
  return stripControls(
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n'),
  );
}

/** Control characters other than tab are not allowed in values; a raw line break would start a new property. */
function stripControls(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

/** `;CN=Name:mailto:address` for ORGANIZER and ATTENDEE. */
function calAddress(person: { name: string; email: string }): string {
  // A parameter value cannot contain a double quote at all (RFC 6868's ^' is not widely read), so use '.
  const name = stripControls(person.name).replace(/"/g, "'");
  const cn = /[;:,]/.test(name) ? `"${name}"` : name;
  const email = stripControls(person.email).replace(/\s/g, '');
  return `;CN=${cn}:mailto:${email}`;
}

/**
 * Folds a content line at 75 octets of UTF-8 with CRLF + a single space (RFC 5545 §3.1), never
 * inside a character: iterating the string yields whole code points.
 */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      // The leading space of a continuation line counts towards its 75 octets.
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
