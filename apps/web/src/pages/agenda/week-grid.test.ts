import { describe, expect, it } from 'vitest';
import { gridHours, sessionSpan, workingHours } from './week-grid';

const h = (hh: number, mm = 0) => hh * 60 + mm;
const newYorkWeekdays = {
  timezone: 'America/New_York',
  weekly: [1, 2, 3, 4, 5].map((dayOfWeek) => ({ dayOfWeek, startTime: '09:00', endTime: '17:00' })),
  oneOff: [],
  timeOff: [],
};

describe("a coach's working hours on the viewer's week", () => {
  it('marks weekend days as days off and moves the hours into the viewer’s zone', () => {
    // Mon 2031-01-06 … Sun 2031-01-12, both zones on standard time.
    const days = ['2031-01-06', '2031-01-10', '2031-01-11', '2031-01-12'];
    const hours = workingHours(days, newYorkWeekdays, 'Europe/London');
    expect(hours.get('2031-01-06')).toEqual([{ start: h(14), end: h(22) }]);
    expect(hours.get('2031-01-10')).toEqual([{ start: h(14), end: h(22) }]);
    expect(hours.get('2031-01-11')).toEqual([]);
    expect(hours.get('2031-01-12')).toEqual([]);
  });

  it('follows each zone’s own clock change: the weeks New York is on summer time and London is not', () => {
    // 2031: New York springs forward on 9 March, London on 30 March.
    const hours = workingHours(['2031-03-07', '2031-03-10', '2031-03-31'], newYorkWeekdays, 'Europe/London');
    expect(hours.get('2031-03-07')).toEqual([{ start: h(14), end: h(22) }]);
    expect(hours.get('2031-03-10')).toEqual([{ start: h(13), end: h(21) }]);
    expect(hours.get('2031-03-31')).toEqual([{ start: h(14), end: h(22) }]);
  });

  it('splits an evening window that crosses the viewer’s midnight over two days', () => {
    const la = {
      ...newYorkWeekdays,
      timezone: 'America/Los_Angeles',
      weekly: [{ dayOfWeek: 1, startTime: '14:00', endTime: '18:00' }],
    };
    // Monday 14:00–18:00 in Los Angeles is 23:00–03:00 in Berlin.
    const hours = workingHours(['2031-01-06', '2031-01-07'], la, 'Europe/Berlin');
    expect(hours.get('2031-01-06')).toEqual([{ start: h(23), end: h(24) }]);
    expect(hours.get('2031-01-07')).toEqual([{ start: 0, end: h(3) }]);
  });

  it('leaves out time off, and adds one-off windows', () => {
    const hours = workingHours(
      ['2031-01-06', '2031-01-11'],
      {
        ...newYorkWeekdays,
        oneOff: [{ date: '2031-01-11', startTime: '10:00', endTime: '12:00' }],
        timeOff: [{ startsAt: new Date('2031-01-06T17:00:00Z'), endsAt: new Date('2031-01-06T19:00:00Z') }],
      },
      'America/New_York',
    );
    expect(hours.get('2031-01-06')).toEqual([
      { start: h(9), end: h(12) },
      { start: h(14), end: h(17) },
    ]);
    expect(hours.get('2031-01-11')).toEqual([{ start: h(10), end: h(12) }]);
  });
});

describe('the grid', () => {
  it('covers every span in whole hours, and at least nine to five', () => {
    expect(gridHours([])).toEqual({ first: 9, last: 17 });
    expect(
      gridHours([
        { start: h(7, 30), end: h(12) },
        { start: h(14), end: h(20, 15) },
      ]),
    ).toEqual({ first: 7, last: 21 });
  });

  it('places a session on its day in the viewer’s zone', () => {
    const start = new Date('2031-01-06T14:30:00Z');
    const end = new Date('2031-01-06T15:15:00Z');
    expect(sessionSpan(start, end, '2031-01-06', 'Europe/London')).toEqual({ start: h(14, 30), end: h(15, 15) });
    expect(sessionSpan(start, end, '2031-01-07', 'Europe/London')).toBeNull();
  });
});
