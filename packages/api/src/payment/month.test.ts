import { describe, expect, test } from 'vitest';
import { monthOf, monthRange } from './month';

describe('payout months (UTC)', () => {
  test('a month runs from its first instant to the first instant of the next, across a year end', () => {
    expect(monthRange('2030-12')).toEqual({
      from: new Date('2030-12-01T00:00:00Z'),
      to: new Date('2031-01-01T00:00:00Z'),
    });
    expect(monthRange('2032-02').to).toEqual(new Date('2032-03-01T00:00:00Z'));
  });

  test('an instant belongs to its UTC month, whatever the server zone', () => {
    expect(monthOf(new Date('2030-01-31T23:59:59.999Z'))).toBe('2030-01');
    expect(monthOf(new Date('2030-02-01T00:00:00Z'))).toBe('2030-02');
  });

  test('a string that is not a month is refused', () => {
    expect(() => monthRange('2030-13')).toThrow(RangeError);
  });
});
