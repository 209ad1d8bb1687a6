import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  isLocalDate,
  localPartsOf,
  startOfWeek,
  todayIn,
  weekdayOf,
  zonedToInstant,
} from './zoned-time';

describe('zonedToInstant', () => {
  it('reads a wall-clock time in the given zone', () => {
    expect(zonedToInstant('2026-07-01', '09:00', 'Europe/London').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(zonedToInstant('2026-01-15', '09:00', 'Europe/London').toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(zonedToInstant('2026-01-15', '09:00', 'Asia/Tokyo').toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });

  it('moves a time skipped by the spring clock change on by the gap', () => {
    // New York: 02:00 EST becomes 03:00 EDT on 8 March 2026.
    expect(zonedToInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedToInstant('2026-03-08', '03:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(zonedToInstant('2026-03-08', '01:30', 'America/New_York').toISOString()).toBe('2026-03-08T06:30:00.000Z');
  });

  it('takes the first of a time repeated by the autumn clock change', () => {
    // London: 02:00 BST becomes 01:00 GMT on 25 October 2026; 01:30 happens twice.
    expect(zonedToInstant('2026-10-25', '01:30', 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedToInstant('2026-10-25', '02:30', 'Europe/London').toISOString()).toBe('2026-10-25T02:30:00.000Z');
    // New York: 01:30 on 1 November 2026 is first EDT (05:30Z), then EST (06:30Z).
    expect(zonedToInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('round-trips through localPartsOf', () => {
    for (const zone of ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata']) {
      const instant = zonedToInstant('2026-05-04', '17:45', zone);
      expect(localPartsOf(instant, zone)).toEqual({ date: '2026-05-04', time: '17:45' });
    }
  });
});

describe('calendar dates', () => {
  it('steps over month, year and clock-change boundaries by whole days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
  });

  it('numbers weekdays from Sunday and starts weeks on Monday', () => {
    expect(weekdayOf('2026-01-18')).toBe(0);
    expect(weekdayOf('2026-01-19')).toBe(1);
    expect(startOfWeek('2026-01-18')).toBe('2026-01-12');
    expect(startOfWeek('2026-01-19')).toBe('2026-01-19');
    expect(startOfWeek('2026-01-22')).toBe('2026-01-19');
  });

  it('knows today in the viewer’s zone, not the device’s', () => {
    const now = new Date('2026-01-20T03:00:00Z');
    expect(todayIn('America/Los_Angeles', now)).toBe('2026-01-19');
    expect(todayIn('Asia/Tokyo', now)).toBe('2026-01-20');
  });

  it('accepts only real dates', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('26-1-1')).toBe(false);
  });
});
