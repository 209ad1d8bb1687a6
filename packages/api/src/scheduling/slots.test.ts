import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import {
  type AvailabilityWindow,
  type BookingRules,
  describeInZone,
  type Interval,
  isSlotOpen,
  localDayRange,
  type OpenSlot,
  openSlots,
  SLOT_STEP_MINUTES,
} from './slots';

const NEW_YORK = 'America/New_York';
const LONDON = 'Europe/London';
const LOS_ANGELES = 'America/Los_Angeles';
const SANTIAGO = 'America/Santiago';

// Far before every date used below, with a horizon that reaches all of them.
const longAgo = new Date('2027-01-01T00:00:00Z');

const rules = (timezone: string, overrides: Partial<BookingRules> = {}): BookingRules => ({
  timezone,
  bufferMinutes: 0,
  minNoticeMinutes: 0,
  bookingHorizonDays: 365,
  ...overrides,
});

const weekly = (dayOfWeek: number, startTime: string, endTime: string): AvailabilityWindow => ({
  dayOfWeek,
  startTime,
  endTime,
  isRecurring: true,
  specificDate: null,
});

/** Every day of the week, so tests on ordinary dates need not care which weekday they fall on. */
const daily = (startTime: string, endTime: string): AvailabilityWindow[] =>
  [0, 1, 2, 3, 4, 5, 6].map((d) => weekly(d, startTime, endTime));

const oneOff = (date: string, startTime: string, endTime: string): AvailabilityWindow => ({
  dayOfWeek: DateTime.fromISO(date, { zone: 'utc' }).weekday % 7,
  startTime,
  endTime,
  isRecurring: false,
  specificDate: new Date(`${date}T00:00:00Z`),
});

/** An instant from a coach-local "YYYY-MM-DDTHH:MM". */
const at = (local: string, zone: string): Date => DateTime.fromISO(local, { zone }).toJSDate();

const interval = (from: string, to: string, zone: string): Interval => ({
  startsAt: at(from, zone),
  endsAt: at(to, zone),
});

/** Slots of whole local dates, 30 minutes long unless told otherwise. */
function slotsOn(
  bookingRules: BookingRules,
  windows: AvailabilityWindow[],
  fromDate: string,
  toDate = fromDate,
  options: { timeOff?: Interval[]; busy?: Interval[]; durationMin?: number; now?: Date; stepMinutes?: number } = {},
): OpenSlot[] {
  return openSlots(bookingRules, windows, options.timeOff ?? [], options.busy ?? [], {
    ...localDayRange(fromDate, toDate, bookingRules.timezone),
    durationMin: options.durationMin ?? 30,
    now: options.now ?? longAgo,
    stepMinutes: options.stepMinutes,
  });
}

const utcStarts = (slots: OpenSlot[]) => slots.map((s) => s.startsAt.toISOString());

/** "HH:MM±hh:mm" of each start in the zone, which shows which copy of a repeated hour it is. */
const localStarts = (slots: OpenSlot[], zone: string) =>
  slots.map((s) => {
    const d = describeInZone(s.startsAt, zone);
    return `${d.localTime}${d.offset}`;
  });

const SUNDAY = 0;

describe('openSlots across daylight-saving changes', () => {
  test.each([
    { zone: NEW_YORK, change: 'spring', before: '2027-03-07', on: '2027-03-14', beforeUtc: '14:00', onUtc: '13:00' },
    { zone: NEW_YORK, change: 'autumn', before: '2027-10-31', on: '2027-11-07', beforeUtc: '13:00', onUtc: '14:00' },
    { zone: LONDON, change: 'spring', before: '2027-03-21', on: '2027-03-28', beforeUtc: '09:00', onUtc: '08:00' },
    { zone: LONDON, change: 'autumn', before: '2027-10-24', on: '2027-10-31', beforeUtc: '08:00', onUtc: '09:00' },
  ])(
    'a 09:00–12:00 window starts at 09:00 local in $zone the week before and on the $change change day',
    ({ zone, before, on, beforeUtc, onUtc }) => {
      const windows = [weekly(SUNDAY, '09:00', '12:00')];
      const beforeSlots = slotsOn(rules(zone), windows, before);
      const onSlots = slotsOn(rules(zone), windows, on);

      expect(beforeSlots[0]?.startsAt.toISOString()).toBe(`${before}T${beforeUtc}:00.000Z`);
      expect(onSlots[0]?.startsAt.toISOString()).toBe(`${on}T${onUtc}:00.000Z`);
      expect(describeInZone(onSlots[0]?.startsAt ?? new Date(Number.NaN), zone).localTime).toBe('09:00');
      // The change happened overnight, so the morning is six ordinary half hours either way.
      expect(beforeSlots).toHaveLength(6);
      expect(onSlots).toHaveLength(6);
    },
  );

  test.each([
    { zone: NEW_YORK, spring: '2027-03-14', ordinary: '2027-03-21', autumn: '2027-11-07' },
    { zone: LONDON, spring: '2027-03-28', ordinary: '2027-04-04', autumn: '2027-10-31' },
  ])(
    'a 00:00–04:00 window in $zone holds 6 half-hour slots on the spring day, 8 on an ordinary day and 10 on the autumn day',
    ({ zone, spring, ordinary, autumn }) => {
      const windows = [weekly(SUNDAY, '00:00', '04:00')];
      expect(slotsOn(rules(zone), windows, spring)).toHaveLength(6);
      expect(slotsOn(rules(zone), windows, ordinary)).toHaveLength(8);
      expect(slotsOn(rules(zone), windows, autumn)).toHaveLength(10);
    },
  );

  test('the repeated autumn hour in New York yields distinct instants for both copies of 01:00 and 01:30', () => {
    const slots = slotsOn(rules(NEW_YORK), [weekly(SUNDAY, '00:00', '04:00')], '2027-11-07');
    expect(localStarts(slots, NEW_YORK)).toEqual([
      '00:00-04:00',
      '00:30-04:00',
      '01:00-04:00',
      '01:30-04:00',
      '01:00-05:00',
      '01:30-05:00',
      '02:00-05:00',
      '02:30-05:00',
      '03:00-05:00',
      '03:30-05:00',
    ]);
    expect(new Set(utcStarts(slots)).size).toBe(10);
  });

  test('the skipped spring hour in London offers no slots between 01:00 and 02:00', () => {
    const slots = slotsOn(rules(LONDON), [weekly(SUNDAY, '00:00', '04:00')], '2027-03-28');
    expect(localStarts(slots, LONDON)).toEqual([
      '00:00+00:00',
      '00:30+00:00',
      '02:00+01:00',
      '02:30+01:00',
      '03:00+01:00',
      '03:30+01:00',
    ]);
  });

  test('a 01:00–04:00 window in New York holds one hour less on the spring day and one hour more on the autumn day', () => {
    const windows = [weekly(SUNDAY, '01:00', '04:00')];
    expect(slotsOn(rules(NEW_YORK), windows, '2027-03-14')).toHaveLength(4);
    expect(slotsOn(rules(NEW_YORK), windows, '2027-03-21')).toHaveLength(6);
    expect(slotsOn(rules(NEW_YORK), windows, '2027-11-07')).toHaveLength(8);
  });

  test('a window starting inside the spring-forward gap starts when luxon moves that time forward', () => {
    // 02:30 does not exist on 2027-03-14 in New York; luxon reads it as 03:30 EDT.
    const slots = slotsOn(rules(NEW_YORK), [weekly(SUNDAY, '02:30', '05:00')], '2027-03-14');
    expect(localStarts(slots, NEW_YORK)).toEqual(['03:30-04:00', '04:00-04:00', '04:30-04:00']);
  });

  test('a day whose midnight is skipped (Santiago) starts its windows at 01:00 and keeps later times exact', () => {
    // On 2027-09-05 Chile moves from 00:00 -04:00 straight to 01:00 -03:00.
    const windows = [weekly(SUNDAY, '00:00', '02:00'), weekly(SUNDAY, '09:00', '09:30')];
    expect(localStarts(slotsOn(rules(SANTIAGO), windows, '2027-09-05'), SANTIAGO)).toEqual([
      '01:00-03:00',
      '01:30-03:00',
      '09:00-03:00',
    ]);
  });

  test('a 24:00 end on the eve of a midnight change ends when the next day starts', () => {
    const slots = slotsOn(rules(SANTIAGO), [weekly(6, '22:00', '24:00')], '2027-09-04');
    expect(localStarts(slots, SANTIAGO)).toEqual(['22:00-04:00', '22:30-04:00', '23:00-04:00', '23:30-04:00']);
    expect(slots.at(-1)?.endsAt.toISOString()).toBe('2027-09-05T04:00:00.000Z');
  });

  test('slot lengths are real elapsed minutes across the autumn change', () => {
    const slots = slotsOn(rules(LONDON), [weekly(SUNDAY, '00:00', '04:00')], '2027-10-31', '2027-10-31', {
      durationMin: 60,
    });
    for (const slot of slots) expect(slot.endsAt.getTime() - slot.startsAt.getTime()).toBe(60 * 60_000);
    // Five elapsed hours fit nine hour-long slots stepped by half an hour.
    expect(slots).toHaveLength(9);
  });
});

describe('openSlots booking rules', () => {
  const zone = NEW_YORK;
  const day = '2027-06-02';

  test('uses a 30-minute step by default', () => {
    expect(SLOT_STEP_MINUTES).toBe(30);
    const slots = slotsOn(rules(zone), daily('09:00', '12:00'), day);
    expect(localStarts(slots, zone)).toEqual([
      '09:00-04:00',
      '09:30-04:00',
      '10:00-04:00',
      '10:30-04:00',
      '11:00-04:00',
      '11:30-04:00',
    ]);
  });

  test('a slot must end by the window end and steps count from the window start', () => {
    const slots = slotsOn(rules(zone), daily('09:10', '11:00'), day, day, { durationMin: 60, stepMinutes: 20 });
    expect(localStarts(slots, zone)).toEqual(['09:10-04:00', '09:30-04:00', '09:50-04:00']);
    expect(describeInZone(slots[2]?.endsAt ?? new Date(Number.NaN), zone).localTime).toBe('10:50');
  });

  test('a busy 10:00–10:30 with a 10-minute buffer removes the 09:30, 10:00 and 10:30 starts', () => {
    const busy = [interval(`${day}T10:00`, `${day}T10:30`, zone)];
    const slots = slotsOn(rules(zone, { bufferMinutes: 10 }), daily('09:00', '12:00'), day, day, { busy });
    expect(localStarts(slots, zone)).toEqual(['09:00-04:00', '11:00-04:00', '11:30-04:00']);
  });

  test('without a buffer slots may touch an appointment on either side', () => {
    const busy = [interval(`${day}T10:00`, `${day}T10:30`, zone)];
    const slots = slotsOn(rules(zone), daily('09:00', '12:00'), day, day, { busy });
    expect(localStarts(slots, zone)).toEqual([
      '09:00-04:00',
      '09:30-04:00',
      '10:30-04:00',
      '11:00-04:00',
      '11:30-04:00',
    ]);
  });

  test('many unsorted and overlapping appointments each block their own time', () => {
    const busy = [
      interval(`${day}T11:00`, `${day}T11:30`, zone),
      interval(`${day}T09:00`, `${day}T10:00`, zone),
      interval(`${day}T09:15`, `${day}T09:45`, zone),
      interval(`${day}T14:00`, `${day}T14:30`, zone),
      interval('2027-06-01T09:00', '2027-06-01T17:00', zone),
    ];
    const slots = slotsOn(rules(zone), daily('09:00', '12:00'), day, day, { busy });
    expect(localStarts(slots, zone)).toEqual(['10:00-04:00', '10:30-04:00', '11:30-04:00']);
  });

  test('minimum notice removes starts before now plus the notice, keeping the window alignment', () => {
    const now = at(`${day}T09:10`, zone);
    const slots = slotsOn(rules(zone, { minNoticeMinutes: 60 }), daily('09:00', '12:00'), day, day, { now });
    expect(localStarts(slots, zone)).toEqual(['10:30-04:00', '11:00-04:00', '11:30-04:00']);
  });

  test('the booking horizon allows starts up to and including now plus the horizon days', () => {
    const now = at('2027-06-01T12:00', zone);
    const slots = slotsOn(rules(zone, { bookingHorizonDays: 1 }), daily('09:00', '17:00'), '2027-06-01', '2027-06-03', {
      now,
    });
    expect(slots[0]?.startsAt).toEqual(now);
    expect(slots.at(-1)?.startsAt).toEqual(at('2027-06-02T12:00', zone));
  });

  test('time off removes the slots that overlap it and keeps those that only touch it', () => {
    const timeOff = [interval(`${day}T10:00`, `${day}T11:00`, zone)];
    const slots = slotsOn(rules(zone, { bufferMinutes: 30 }), daily('09:00', '12:00'), day, day, { timeOff });
    expect(localStarts(slots, zone)).toEqual(['09:00-04:00', '09:30-04:00', '11:00-04:00', '11:30-04:00']);
  });

  test('a one-off window offers slots on its date only, besides the recurring windows of that weekday', () => {
    // 2027-06-05 and 2027-06-12 are Saturdays; the recurring Saturday window is in the afternoon.
    const windows = [weekly(6, '14:00', '15:00'), oneOff('2027-06-05', '09:00', '10:00')];
    expect(localStarts(slotsOn(rules(zone), windows, '2027-06-05'), zone)).toEqual([
      '09:00-04:00',
      '09:30-04:00',
      '14:00-04:00',
      '14:30-04:00',
    ]);
    expect(localStarts(slotsOn(rules(zone), windows, '2027-06-12'), zone)).toEqual(['14:00-04:00', '14:30-04:00']);
  });

  test('a one-off window applies to its calendar date even where UTC midnight is the day before locally', () => {
    // 2027-06-05T00:00Z is 17:00 on June 4 in Los Angeles; the date column still means June 5.
    const windows = [oneOff('2027-06-05', '09:00', '10:00')];
    expect(slotsOn(rules(LOS_ANGELES), windows, '2027-06-04')).toEqual([]);
    expect(utcStarts(slotsOn(rules(LOS_ANGELES), windows, '2027-06-05'))).toEqual([
      '2027-06-05T16:00:00.000Z',
      '2027-06-05T16:30:00.000Z',
    ]);
  });

  test('a recurring window offers nothing on other weekdays', () => {
    // 2027-06-02 is a Wednesday.
    expect(slotsOn(rules(zone), [weekly(4, '09:00', '12:00')], day)).toEqual([]);
  });

  test('a 24:00 end lets the last slot end at the start of the next local day', () => {
    const slots = slotsOn(rules(zone), daily('22:00', '24:00'), day, day, { durationMin: 60 });
    expect(localStarts(slots, zone)).toEqual(['22:00-04:00', '22:30-04:00', '23:00-04:00']);
    expect(slots.at(-1)?.endsAt).toEqual(at('2027-06-03T00:00', zone));
  });

  test('overlapping windows offer each slot once, sorted by start', () => {
    const windows = [weekly(3, '10:00', '12:00'), weekly(3, '09:00', '11:00'), weekly(3, '09:15', '10:15')];
    const slots = slotsOn(rules(zone), windows, day);
    expect(localStarts(slots, zone)).toEqual([
      '09:00-04:00',
      '09:15-04:00',
      '09:30-04:00',
      '09:45-04:00',
      '10:00-04:00',
      '10:30-04:00',
      '11:00-04:00',
      '11:30-04:00',
    ]);
  });

  test('only slots starting in [from, to) are returned, whatever day the range starts on', () => {
    const slots = openSlots(rules(zone), daily('09:00', '12:00'), [], [], {
      from: at(`${day}T10:00`, zone),
      to: at(`${day}T11:00`, zone),
      durationMin: 30,
      now: longAgo,
    });
    expect(localStarts(slots, zone)).toEqual(['10:00-04:00', '10:30-04:00']);
  });

  test('a range over several days lists the slots of every local date in order', () => {
    const slots = slotsOn(rules(zone), daily('09:00', '10:00'), '2027-06-01', '2027-06-03');
    expect(utcStarts(slots)).toEqual([
      '2027-06-01T13:00:00.000Z',
      '2027-06-01T13:30:00.000Z',
      '2027-06-02T13:00:00.000Z',
      '2027-06-02T13:30:00.000Z',
      '2027-06-03T13:00:00.000Z',
      '2027-06-03T13:30:00.000Z',
    ]);
  });

  test('an unknown timezone throws a RangeError', () => {
    const query = { from: longAgo, to: new Date('2027-02-01T00:00:00Z'), durationMin: 30, now: longAgo };
    expect(() => openSlots(rules('Mars/Olympus_Mons'), daily('09:00', '10:00'), [], [], query)).toThrow(RangeError);
    expect(() => localDayRange('2027-06-01', '2027-06-01', 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => describeInZone(longAgo, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  test('a malformed window time throws a RangeError', () => {
    expect(() => slotsOn(rules(zone), [weekly(3, '9:00', '10:00')], day)).toThrow(RangeError);
    expect(() => slotsOn(rules(zone), [weekly(3, '24:00', '24:00')], day)).toThrow(RangeError);
  });
});

describe('isSlotOpen', () => {
  const zone = LONDON;
  const day = '2027-06-02';
  const windows = daily('09:00', '12:00');
  const timeOff = [interval(`${day}T11:00`, `${day}T12:00`, zone)];
  const busy = [interval(`${day}T09:00`, `${day}T09:30`, zone)];
  const bookingRules = rules(zone, { bufferMinutes: 15 });

  test('is true for every slot openSlots offers', () => {
    const offered = slotsOn(bookingRules, windows, day, day, { timeOff, busy });
    expect(offered.length).toBeGreaterThan(0);
    for (const slot of offered) expect(isSlotOpen(bookingRules, windows, timeOff, busy, slot, longAgo)).toBe(true);
  });

  test('is true for a longer slot that fits the window, as a query for that duration would offer it', () => {
    const slot = { startsAt: at(`${day}T10:00`, zone), endsAt: at(`${day}T11:00`, zone) };
    expect(isSlotOpen(bookingRules, windows, timeOff, busy, slot, longAgo)).toBe(true);
  });

  test('is false for an offered slot shifted by 15 minutes', () => {
    const slot = { startsAt: at(`${day}T10:15`, zone), endsAt: at(`${day}T10:45`, zone) };
    expect(isSlotOpen(bookingRules, windows, timeOff, busy, slot, longAgo)).toBe(false);
  });

  test('is false for a slot inside time off', () => {
    const slot = { startsAt: at(`${day}T11:00`, zone), endsAt: at(`${day}T11:30`, zone) };
    expect(isSlotOpen(bookingRules, windows, timeOff, busy, slot, longAgo)).toBe(false);
  });

  test('is false for a slot within the buffer of an appointment', () => {
    const slot = { startsAt: at(`${day}T09:30`, zone), endsAt: at(`${day}T10:00`, zone) };
    expect(isSlotOpen(bookingRules, windows, timeOff, busy, slot, longAgo)).toBe(false);
  });

  test('is false for a slot that is already past', () => {
    const slot = { startsAt: at(`${day}T10:00`, zone), endsAt: at(`${day}T10:30`, zone) };
    expect(isSlotOpen(bookingRules, windows, timeOff, busy, slot, at(`${day}T10:01`, zone))).toBe(false);
  });

  test('is false for an empty or reversed slot', () => {
    const start = at(`${day}T10:00`, zone);
    expect(isSlotOpen(bookingRules, windows, timeOff, busy, { startsAt: start, endsAt: start }, longAgo)).toBe(false);
  });

  test('accepts the second copy of a repeated autumn hour as its own slot', () => {
    const autumnWindows = [weekly(SUNDAY, '00:00', '04:00')];
    const secondOneAm = { startsAt: new Date('2027-11-07T06:00:00Z'), endsAt: new Date('2027-11-07T06:30:00Z') };
    expect(describeInZone(secondOneAm.startsAt, NEW_YORK)).toEqual({
      localDate: '2027-11-07',
      localTime: '01:00',
      offset: '-05:00',
    });
    expect(isSlotOpen(rules(NEW_YORK), autumnWindows, [], [], secondOneAm, longAgo)).toBe(true);
  });
});

describe('localDayRange', () => {
  test('a London spring-forward day is 23 hours long', () => {
    const { from, to } = localDayRange('2027-03-28', '2027-03-28', LONDON);
    expect(from.toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(to.toISOString()).toBe('2027-03-28T23:00:00.000Z');
  });

  test('a London fall-back day is 25 hours long', () => {
    const { from, to } = localDayRange('2027-10-31', '2027-10-31', LONDON);
    expect(from.toISOString()).toBe('2027-10-30T23:00:00.000Z');
    expect(to.toISOString()).toBe('2027-11-01T00:00:00.000Z');
  });

  test('a Santiago day without a midnight starts at 01:00 and is 23 hours long', () => {
    const { from, to } = localDayRange('2027-09-05', '2027-09-05', SANTIAGO);
    expect(from.toISOString()).toBe('2027-09-05T04:00:00.000Z');
    expect(to.toISOString()).toBe('2027-09-06T03:00:00.000Z');
  });

  test('includes both end dates', () => {
    const { from, to } = localDayRange('2027-06-01', '2027-06-03', NEW_YORK);
    expect(from.toISOString()).toBe('2027-06-01T04:00:00.000Z');
    expect(to.toISOString()).toBe('2027-06-04T04:00:00.000Z');
  });

  test('rejects a malformed date or a range that ends before it starts', () => {
    expect(() => localDayRange('2027-02-30', '2027-03-01', LONDON)).toThrow(RangeError);
    expect(() => localDayRange('2027-6-1', '2027-06-01', LONDON)).toThrow(RangeError);
    expect(() => localDayRange('2027-06-02', '2027-06-01', LONDON)).toThrow(RangeError);
  });
});

describe('describeInZone', () => {
  test('gives the local date, time and offset of an instant', () => {
    expect(describeInZone(new Date('2027-01-15T03:30:00Z'), NEW_YORK)).toEqual({
      localDate: '2027-01-14',
      localTime: '22:30',
      offset: '-05:00',
    });
    expect(describeInZone(new Date('2027-07-01T12:00:00Z'), LONDON)).toEqual({
      localDate: '2027-07-01',
      localTime: '13:00',
      offset: '+01:00',
    });
  });
});
