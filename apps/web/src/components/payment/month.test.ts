import { describe, expect, it } from 'vitest';
import { currentMonth, formatMonth, parseMonthSearch, shiftMonth } from './month';

describe('payout months in the browser', () => {
  it('reads only a well-formed month from the address', () => {
    expect(parseMonthSearch({ month: '2030-01' })).toEqual({ month: '2030-01' });
    expect(parseMonthSearch({ month: '2030-13' })).toEqual({ month: undefined });
    expect(parseMonthSearch({ month: 202001 })).toEqual({ month: undefined });
  });

  it('steps across year ends both ways', () => {
    expect(shiftMonth('2030-12', 1)).toBe('2031-01');
    expect(shiftMonth('2030-01', -1)).toBe('2029-12');
    expect(shiftMonth('2030-05', -17)).toBe('2028-12');
  });

  it('names a month and finds the current one in UTC', () => {
    expect(formatMonth('2030-01')).toBe('January 2030');
    expect(currentMonth(new Date('2030-01-31T23:30:00-05:00'))).toBe('2030-02');
  });
});
