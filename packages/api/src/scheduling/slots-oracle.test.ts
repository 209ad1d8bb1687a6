import { describe, expect, test } from 'vitest';
import {
  type AvailabilityWindow,
  type BookingRules,
  describeInZone,
  type Interval,
  isSlotOpen,
  localDayRange,
  openSlots,
} from './slots';
import {
  oracleDescribeInZone,
  oracleIsSlotOpen,
  oracleLocalDayRange,
  oracleOpenSlots,
} from './test-support/slots-oracle';

// New York and London (DST at 02:00 and 01:00), Santiago (its clock changes at midnight), and
// Lord Howe Island (a 30-minute change at 02:00): every kind of day the engine must get right.
const ZONES = ['America/New_York', 'Europe/London', 'America/Santiago', 'Australia/Lord_Howe'];
const YEAR_START = Date.UTC(2027, 0, 1);
const DAYS = 366;
const DAY = 86_400_000;
const MINUTE = 60_000;
const now = new Date(YEAR_START - 7 * DAY);

const isoDay = (i: number) => new Date(YEAR_START + i * DAY).toISOString().slice(0, 10);

const weekly = (dayOfWeek: number, startTime: string, endTime: string): AvailabilityWindow => ({
  dayOfWeek,
  startTime,
  endTime,
  isRecurring: true,
  specificDate: null,
});

// Windows over the night hours where clocks change, over the day, to midnight, and odd starts.
const windows: AvailabilityWindow[] = [
  ...[0, 1, 2, 3, 4, 5, 6].flatMap((d) => [weekly(d, '00:00', '04:00'), weekly(d, '09:10', '12:00')]),
  weekly(0, '01:30', '03:00'),
  weekly(6, '22:00', '24:00'),
  weekly(3, '23:15', '24:00'),
  ...[10, 100, 200, 300].map((i) => ({
    dayOfWeek: new Date(YEAR_START + i * DAY).getUTCDay(),
    startTime: '13:00',
    endTime: '15:30',
    isRecurring: false,
    specificDate: new Date(YEAR_START + i * DAY),
  })),
];

/** Appointments and time off scattered over the year, some across clock changes. */
function blockers(): { busy: Interval[]; timeOff: Interval[] } {
  const busy: Interval[] = [];
  for (let i = 0; i < DAYS; i += 3) {
    const start = YEAR_START + i * DAY + ((i * 7) % 24) * 3_600_000 + (i % 2) * 30 * MINUTE;
    busy.push({ startsAt: new Date(start), endsAt: new Date(start + 45 * MINUTE) });
  }
  const timeOff = [40, 150, 250, 310].map((i) => ({
    startsAt: new Date(YEAR_START + i * DAY + 5 * 3_600_000),
    endsAt: new Date(YEAR_START + (i + 2) * DAY),
  }));
  return { busy, timeOff };
}

const starts = (slots: { startsAt: Date; endsAt: Date }[]) =>
  slots.map((s) => `${s.startsAt.toISOString()}/${s.endsAt.toISOString()}`);

describe.each(ZONES)('the zone-clock engine answers as the luxon one did over 2027 in %s', (zone) => {
  const rules: BookingRules = { timezone: zone, bufferMinutes: 10, minNoticeMinutes: 0, bookingHorizonDays: 400 };
  const { busy, timeOff } = blockers();

  test.each([30, 60])('open slots of every local day of the year, %i minutes long', (durationMin) => {
    let compared = 0;
    for (let i = 0; i < DAYS; i++) {
      const range = oracleLocalDayRange(isoDay(i), isoDay(i), zone);
      const query = { ...range, durationMin, now };
      const expected = starts(oracleOpenSlots(rules, windows, timeOff, busy, query));
      expect(starts(openSlots(rules, windows, timeOff, busy, query)), isoDay(i)).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(DAYS * 4);
  });

  test('one query over the whole year, with a 20-minute step and notice', () => {
    const query = { ...oracleLocalDayRange(isoDay(0), isoDay(DAYS - 1), zone), durationMin: 30, now, stepMinutes: 20 };
    const noticeRules = { ...rules, minNoticeMinutes: 7 * 24 * 60 + 13 };
    const expected = starts(oracleOpenSlots(noticeRules, windows, timeOff, busy, query));
    expect(expected.length).toBeGreaterThan(3000);
    expect(starts(openSlots(noticeRules, windows, timeOff, busy, query))).toEqual(expected);
  });

  test('local day ranges and the description of every half hour of the year', () => {
    for (let i = 0; i < DAYS; i++) {
      expect(localDayRange(isoDay(i), isoDay(i), zone), isoDay(i)).toEqual(
        oracleLocalDayRange(isoDay(i), isoDay(i), zone),
      );
      for (let m = 0; m < 24 * 60; m += 30) {
        const instant = new Date(YEAR_START + i * DAY + m * MINUTE);
        expect(describeInZone(instant, zone)).toEqual(oracleDescribeInZone(instant, zone));
      }
    }
  });

  test('whether a slot is open, for every 15 minutes of the nights around each clock change', () => {
    let open = 0;
    for (let i = 0; i < DAYS; i++) {
      const { from, to } = oracleLocalDayRange(isoDay(i), isoDay(i), zone);
      // Only days that are not 24 hours long: the rest is covered by the tests above.
      if (to.getTime() - from.getTime() === DAY) continue;
      for (let t = from.getTime() - 3_600_000; t < from.getTime() + 6 * 3_600_000; t += 15 * MINUTE) {
        const slot = { startsAt: new Date(t), endsAt: new Date(t + 30 * MINUTE) };
        const expected = oracleIsSlotOpen(rules, windows, timeOff, [], slot, now);
        expect(isSlotOpen(rules, windows, timeOff, [], slot, now), slot.startsAt.toISOString()).toBe(expected);
        if (expected) open++;
      }
    }
    expect(open).toBeGreaterThan(0);
  });
});
