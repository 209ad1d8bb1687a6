import { afterEach, beforeEach, expect, test } from 'vitest';
import { describeInZone, localDayRange, openSlots } from '../scheduling/slots';
import { timezoneSchema } from '../user/schemas';
import { isKnownTimeZone } from './time-zones';

// Every Intl.DateTimeFormat built while a test runs. V8 keeps the memory of each one, so one per
// call on a hot path is a leak (open slots grew a server from 117 MiB to 2 GB).
const Original = Intl.DateTimeFormat;
let built = 0;
beforeEach(() => {
  built = 0;
  Intl.DateTimeFormat = new Proxy(Original, {
    construct(target, args) {
      built++;
      return Reflect.construct(target, args);
    },
    apply(target, self, args) {
      built++;
      return Reflect.apply(target, self, args);
    },
  });
});
afterEach(() => {
  Intl.DateTimeFormat = Original;
});

test('checking, describing and computing slots in a zone build its formatter once, not per call', () => {
  // A zone no other test in this file has touched, so the first call builds what it needs.
  const zone = 'Asia/Kathmandu';
  for (let i = 0; i < 2000; i++) {
    expect(isKnownTimeZone(zone)).toBe(true);
    expect(timezoneSchema.parse(zone)).toBe(zone);
    describeInZone(new Date(Date.UTC(2027, 0, 1) + i * 3_600_000), zone);
  }
  const slots = openSlots(
    { timezone: zone, bufferMinutes: 10, minNoticeMinutes: 0, bookingHorizonDays: 90 },
    [0, 1, 2, 3, 4, 5, 6].map((dayOfWeek) => ({
      dayOfWeek,
      startTime: '06:00',
      endTime: '22:00',
      isRecurring: true,
      specificDate: null,
    })),
    [],
    [],
    { ...localDayRange('2027-01-01', '2027-03-01', zone), durationMin: 30, now: new Date('2026-12-31T00:00:00Z') },
  );
  expect(slots.length).toBeGreaterThan(1000);
  // A few, once: the validity check and luxon's formatter for the zone (6,005 when built per call).
  expect(built).toBeLessThan(10);
});

test('an unknown zone is refused without building a formatter on every attempt', () => {
  for (let i = 0; i < 500; i++) expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  expect(built).toBeLessThanOrEqual(1);
});
