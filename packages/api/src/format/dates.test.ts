import { describe, expect, test } from 'vitest';
import {
  describeZone,
  formatCalendarDate,
  formatDay,
  formatMove,
  formatTime,
  formatTimeRange,
  formatTimestamp,
  formatWallTime,
  formatWallTimeRange,
  formatWhen,
  formatWhenRange,
  safeLocale,
  zoneAbbreviation,
} from './dates';

const ny = { timeZone: 'America/New_York', locale: 'en-US', now: new Date('2026-11-20T12:00:00Z') };

describe('one instant', () => {
  test('reads "Tue, Dec 1 · 9:00 AM EST" in New York, English (US)', () => {
    expect(formatWhen(new Date('2026-12-01T14:00:00Z'), ny)).toBe('Tue, Dec 1 · 9:00 AM EST');
  });

  test('the same instant in Berlin and in Tokyo is another day and time', () => {
    const at = new Date('2026-12-01T23:30:00Z');
    expect(formatWhen(at, { ...ny, timeZone: 'Europe/Berlin' })).toBe('Wed, Dec 2 · 12:30 AM GMT+1');
    expect(formatWhen(at, { ...ny, timeZone: 'Asia/Tokyo' })).toBe('Wed, Dec 2 · 8:30 AM GMT+9');
    expect(formatWhen(at, ny)).toBe('Tue, Dec 1 · 6:30 PM EST');
  });

  test('names the year only when it is not this year', () => {
    expect(formatDay(new Date('2027-01-08T15:00:00Z'), ny)).toBe('Fri, Jan 8, 2027');
    expect(formatDay(new Date('2026-01-08T15:00:00Z'), { ...ny, year: 'always' })).toBe('Thu, Jan 8, 2026');
  });

  test('a zone the runtime does not know reads as UTC instead of failing', () => {
    expect(formatWhen(new Date('2026-12-01T14:00:00Z'), { ...ny, timeZone: 'Mars/Olympus_Mons' })).toBe(
      'Tue, Dec 1 · 2:00 PM UTC',
    );
  });
});

describe('daylight-saving time', () => {
  test('New York is EDT before the November change and EST after it', () => {
    // 2026-11-01 06:00 UTC is 1:00 AM EST, the second 1 AM of that night.
    expect(formatWhen(new Date('2026-11-01T05:30:00Z'), ny)).toBe('Sun, Nov 1 · 1:30 AM EDT');
    expect(formatWhen(new Date('2026-11-01T06:30:00Z'), ny)).toBe('Sun, Nov 1 · 1:30 AM EST');
  });

  test('a range across the spring change keeps wall-clock times right and names the zone at the start', () => {
    // 2027-03-14: 2:00 AM EST jumps to 3:00 AM EDT; an hour-long session from 1:30 ends at 3:30.
    const start = new Date('2027-03-14T06:30:00Z');
    const end = new Date('2027-03-14T07:30:00Z');
    expect(formatWhenRange(start, end, { ...ny, now: new Date('2027-02-01T00:00:00Z') })).toBe(
      'Sun, Mar 14 · 1:30 – 3:30 AM EST',
    );
  });

  test('London moves from GMT to BST in British English', () => {
    const uk = { timeZone: 'Europe/London', locale: 'en-GB', now: new Date('2027-01-01T00:00:00Z') };
    expect(formatWhen(new Date('2027-03-28T00:30:00Z'), uk)).toBe('Sun 28 Mar · 00:30 GMT');
    expect(formatWhen(new Date('2027-03-28T01:30:00Z'), uk)).toBe('Sun 28 Mar · 02:30 BST');
  });

  test('Sydney is a southern zone: summer time in December', () => {
    expect(zoneAbbreviation(new Date('2026-12-01T00:00:00Z'), { timeZone: 'Australia/Sydney', locale: 'en-AU' })).toBe(
      'AEDT',
    );
    expect(zoneAbbreviation(new Date('2026-07-01T00:00:00Z'), { timeZone: 'Australia/Sydney', locale: 'en-AU' })).toBe(
      'AEST',
    );
  });
});

describe('locales', () => {
  const at = new Date('2026-12-01T14:00:00Z');
  test.each([
    ['en-US', 'Tue, Dec 1 · 9:00 AM EST'],
    ['en-GB', 'Tue 1 Dec · 09:00 GMT-5'],
    ['de-DE', 'Di., 1. Dez. · 09:00 GMT-5'],
    ['es-ES', 'mar, 1 dic · 9:00 GMT-5'],
  ])('%s writes the day, time and zone its own way', (locale, expected) => {
    expect(formatWhen(at, { ...ny, locale })).toBe(expected);
  });

  test('a locale the runtime does not support falls back to English (US)', () => {
    expect(safeLocale('zz-ZZ')).toBe('en-US');
    expect(safeLocale('not a locale!')).toBe('en-US');
    expect(formatTime(at, { timeZone: 'America/New_York', locale: 'not a locale!' })).toBe('9:00 AM');
  });
});

describe('ranges and moves', () => {
  test('a session on one day shares the day and the AM/PM', () => {
    expect(formatWhenRange(new Date('2026-12-01T14:00:00Z'), new Date('2026-12-01T14:30:00Z'), ny)).toBe(
      'Tue, Dec 1 · 9:00 – 9:30 AM EST',
    );
    expect(
      formatTimeRange(new Date('2026-12-01T16:30:00Z'), new Date('2026-12-01T17:30:00Z'), { ...ny, zone: false }),
    ).toBe('11:30 AM – 12:30 PM');
  });

  test('a session past midnight names both days', () => {
    expect(formatWhenRange(new Date('2026-12-02T04:30:00Z'), new Date('2026-12-02T05:30:00Z'), ny)).toBe(
      'Tue, Dec 1 · 11:30 PM – Wed, Dec 2 · 12:30 AM EST',
    );
  });

  test('a move says from when to when, with the zone once when both ends share it', () => {
    expect(formatMove(new Date('2026-12-01T14:00:00Z'), new Date('2026-12-02T15:00:00Z'), ny)).toBe(
      'from Tue, Dec 1 · 9:00 AM to Wed, Dec 2 · 10:00 AM EST',
    );
    expect(formatMove(new Date('2026-10-30T13:00:00Z'), new Date('2026-11-02T14:00:00Z'), ny)).toBe(
      'from Fri, Oct 30 · 9:00 AM EDT to Mon, Nov 2 · 9:00 AM EST',
    );
  });
});

describe('wall-clock hours (availability)', () => {
  test('write hours in the same AM/PM style as instants', () => {
    expect(formatWallTime('12:00', 'en-US')).toBe('12:00 PM');
    expect(formatWallTimeRange('12:00', '17:00', 'en-US')).toBe('12:00 – 5:00 PM');
    expect(formatWallTimeRange('09:00', '13:30', 'en-US')).toBe('9:00 AM – 1:30 PM');
    expect(formatWallTimeRange('12:00', '17:00', 'en-GB')).toBe('12:00–17:00');
  });

  test('hours that end at midnight read as ending at midnight', () => {
    expect(formatWallTimeRange('18:00', '24:00', 'en-US')).toBe('6:00 PM – 12:00 AM');
  });
});

test('a record keeps its year and zone', () => {
  expect(formatTimestamp(new Date('2026-07-04T16:05:00Z'), { timeZone: 'America/New_York', locale: 'en-US' })).toBe(
    'Jul 4, 2026, 12:05 PM EDT',
  );
  expect(
    formatTimestamp(new Date('2026-07-04T16:05:00Z'), { timeZone: 'Europe/Lisbon', locale: 'en-GB', zone: false }),
  ).toBe('4 Jul 2026, 17:05');
});

test('calendar dates and zone names', () => {
  expect(formatCalendarDate('2026-01-22', 'long', 'en-US')).toBe('Thursday, January 22, 2026');
  expect(formatCalendarDate('2026-01-22', 'short', 'en-GB')).toBe('Thu 22 Jan');
  expect(describeZone('America/Argentina/Buenos_Aires')).toBe('Buenos Aires time (America/Argentina/Buenos_Aires)');
  expect(describeZone('UTC')).toBe('UTC');
});
