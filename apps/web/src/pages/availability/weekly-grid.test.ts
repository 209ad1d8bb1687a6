import { describe, expect, it } from 'vitest';
import { newWindowFor, sameWindows, sortRows, validateWeekly, type WindowRow } from './weekly-grid';

const row = (key: string, dayOfWeek: number, startTime: string, endTime: string): WindowRow => ({
  key,
  dayOfWeek,
  startTime,
  endTime,
});

describe('validateWeekly', () => {
  it('accepts separate windows on one day and the same hours on different days', () => {
    expect(
      validateWeekly([row('a', 1, '09:00', '12:00'), row('b', 1, '13:00', '17:00'), row('c', 2, '09:00', '17:00')]),
    ).toEqual({});
  });

  it('names the window that ends before it starts, on the field the API would name', () => {
    expect(validateWeekly([row('a', 1, '09:00', '12:00'), row('b', 1, '15:00', '14:00')])).toEqual({
      'windows.1.endTime': 'Monday window 2 must end after it starts',
    });
  });

  it('points at the later of two overlapping windows of a day', () => {
    expect(validateWeekly([row('a', 3, '09:00', '12:00'), row('b', 3, '11:30', '13:00')])).toEqual({
      'windows.1.startTime': 'Wednesday window 2 overlaps window 1; change or remove one',
    });
  });

  it('asks for missing times', () => {
    expect(validateWeekly([row('a', 0, '', '10:00')])).toEqual({
      'windows.0.startTime': 'Sunday window 1: enter a start time',
    });
  });
});

describe('weekly rows', () => {
  it('sorts Monday first and by start time', () => {
    const sorted = sortRows([
      row('s', 0, '09:00', '10:00'),
      row('m2', 1, '13:00', '14:00'),
      row('m1', 1, '09:00', '10:00'),
    ]);
    expect(sorted.map((r) => r.key)).toEqual(['m1', 'm2', 's']);
  });

  it('suggests office hours on an empty day and the next hour otherwise', () => {
    expect(newWindowFor([], 2, 'n')).toMatchObject({ startTime: '09:00', endTime: '17:00' });
    expect(newWindowFor([row('a', 2, '09:00', '12:00')], 2, 'n')).toMatchObject({
      startTime: '12:00',
      endTime: '13:00',
    });
  });

  it('sees no change when only the order differs', () => {
    expect(
      sameWindows(
        [row('a', 1, '09:00', '10:00'), row('b', 2, '09:00', '10:00')],
        [row('x', 2, '09:00', '10:00'), row('y', 1, '09:00', '10:00')],
      ),
    ).toBe(true);
    expect(sameWindows([row('a', 1, '09:00', '10:00')], [row('a', 1, '09:00', '11:00')])).toBe(false);
  });
});
