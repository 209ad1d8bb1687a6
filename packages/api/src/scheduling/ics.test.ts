import { describe, expect, test } from 'vitest';
import { buildCalendar, type IcsEvent } from './ics';

const event = (overrides: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'appt-123@hybridcoach',
  startsAt: new Date('2027-03-14T13:00:00.000Z'),
  endsAt: new Date('2027-03-14T13:30:00.000Z'),
  summary: 'Coaching with Jane',
  status: 'CONFIRMED',
  sequence: 0,
  updatedAt: new Date('2027-03-01T09:08:07.654Z'),
  ...overrides,
});

/** RFC 5545 §3.1 unfolding: a line break followed by one space or tab is removed. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

const contentLines = (ics: string) => unfold(ics).split('\r\n').slice(0, -1);

const property = (ics: string, name: string) =>
  contentLines(ics)
    .filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))
    .map((line) => line.slice(line.indexOf(':', name.length) + 1));

/** Inverse of TEXT escaping, as a calendar client reads it. */
const unescapeText = (value: string) =>
  value.replace(/\\([\\;,nN])/g, (_, c: string) => (c.toLowerCase() === 'n' ? '\n' : c));

const octets = (line: string) => new TextEncoder().encode(line).length;

describe('buildCalendar', () => {
  test('ends every line with CRLF and has no bare CR or LF', () => {
    const ics = buildCalendar([event({ description: 'line one\nline two\r\nline three' })], { name: 'Sessions' });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  test('wraps events in a calendar with the HybridCoach product id, version, scale and name', () => {
    const ics = buildCalendar([event()], { name: 'My sessions', method: 'PUBLISH' });
    expect(contentLines(ics)).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//HybridCoach//Scheduling//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'X-WR-CALNAME:My sessions',
      'BEGIN:VEVENT',
      'UID:appt-123@hybridcoach',
      'DTSTAMP:20270301T090807Z',
      'DTSTART:20270314T130000Z',
      'DTEND:20270314T133000Z',
      'SUMMARY:Coaching with Jane',
      'STATUS:CONFIRMED',
      'SEQUENCE:0',
      'LAST-MODIFIED:20270301T090807Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
  });

  test('omits METHOD when none is given and builds an empty calendar without events', () => {
    const lines = contentLines(buildCalendar([], { name: 'Empty' }));
    expect(lines.some((l) => l.startsWith('METHOD'))).toBe(false);
    expect(lines).not.toContain('BEGIN:VEVENT');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
  });

  test('writes times in UTC with a Z suffix and no milliseconds', () => {
    const ics = buildCalendar(
      [event({ startsAt: new Date('2027-11-07T06:00:00-05:00'), endsAt: new Date('2027-11-07T07:15:30.999-05:00') })],
      { name: 'Sessions' },
    );
    expect(property(ics, 'DTSTART')).toEqual(['20271107T110000Z']);
    expect(property(ics, 'DTEND')).toEqual(['20271107T121530Z']);
  });

  test('escapes backslash, semicolon, comma and newlines in text values', () => {
    const summary = 'Hips, knees; and C:\\path\nnext line';
    const ics = buildCalendar([event({ summary, location: 'Room 1, floor 2' })], { name: 'A; B, C' });
    expect(contentLines(ics)).toContain('SUMMARY:Hips\\, knees\\; and C:\\\\path\\nnext line');
    expect(contentLines(ics)).toContain('LOCATION:Room 1\\, floor 2');
    expect(contentLines(ics)).toContain('X-WR-CALNAME:A\\; B\\, C');
    expect(property(ics, 'SUMMARY').map(unescapeText)).toEqual([summary]);
  });

  test('folds a long UTF-8 description at 75 octets without splitting a character, and it unfolds to the original', () => {
    const description = 'Übungen für die Schultern — 肩のストレッチ 🧘‍♀️ then, rest; repeat.\n'.repeat(12);
    const ics = buildCalendar([event({ description })], { name: 'Sessions' });
    const physical = ics.split('\r\n').slice(0, -1);

    expect(physical.length).toBeGreaterThan(contentLines(ics).length);
    for (const line of physical) {
      expect(octets(line)).toBeLessThanOrEqual(75);
      // A split surrogate pair would leave a lone surrogate at a line end or start.
      expect(line).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    // Lines are filled: a fold happens only when the next character would not fit.
    const folded = physical.filter((_, i) => physical[i + 1]?.startsWith(' '));
    for (const line of folded) expect(octets(line)).toBeGreaterThan(75 - 4);
    expect(property(ics, 'DESCRIPTION').map(unescapeText)).toEqual([description]);
  });

  test('continuation lines start with exactly one space', () => {
    const ics = buildCalendar([event({ description: 'x'.repeat(300) })], { name: 'Sessions' });
    const continuation = ics.split('\r\n').filter((l) => l.startsWith(' '));
    expect(continuation.length).toBe(4);
    for (const line of continuation) expect(line.startsWith('  ')).toBe(false);
  });

  test('marks a cancelled event with STATUS:CANCELLED and its sequence', () => {
    const ics = buildCalendar([event({ status: 'CANCELLED', sequence: 3 })], { name: 'Sessions', method: 'CANCEL' });
    expect(property(ics, 'METHOD')).toEqual(['CANCEL']);
    expect(property(ics, 'STATUS')).toEqual(['CANCELLED']);
    expect(property(ics, 'SEQUENCE')).toEqual(['3']);
  });

  test('writes organizer and attendees as CN with a mailto address, quoting a CN with special characters', () => {
    const ics = buildCalendar(
      [
        event({
          organizer: { name: 'Jane Coach', email: 'jane@example.com' },
          attendees: [
            { name: 'Smith, Sam', email: 'sam@example.com' },
            { name: 'Zoë "Z" Ortiz', email: 'zoe@example.com' },
          ],
        }),
      ],
      { name: 'Sessions', method: 'REQUEST' },
    );
    const lines = contentLines(ics);
    expect(lines).toContain('ORGANIZER;CN=Jane Coach:mailto:jane@example.com');
    expect(lines).toContain('ATTENDEE;CN="Smith, Sam":mailto:sam@example.com');
    expect(lines).toContain("ATTENDEE;CN=Zoë 'Z' Ortiz:mailto:zoe@example.com");
  });

  test('writes URL unescaped and drops line breaks that would start a new property', () => {
    const ics = buildCalendar([event({ url: 'https://app.example.com/s/1?a=1,2;b\r\nX-EVIL:1' })], {
      name: 'Sessions',
    });
    expect(property(ics, 'URL')).toEqual(['https://app.example.com/s/1?a=1,2;bX-EVIL:1']);
    expect(property(ics, 'X-EVIL')).toEqual([]);
  });
});
