import { describe, expect, test } from 'vitest';
import { hostileInputProblems } from './hostile-input';

describe('hostile input', () => {
  test('names every field that holds a NUL, a lone surrogate, an out-of-range number or date', () => {
    expect(
      hostileInputProblems({
        content: 'hi\u0000there',
        name: 'half \uD83D',
        nested: { list: ['ok', 'also \uDE00 bad'] },
        count: 2 ** 31,
        fraction: Number.POSITIVE_INFINITY,
        at: new Date('+275000-01-01T00:00:00Z'),
      }),
    ).toEqual({
      content: ['contains a NUL character'],
      name: ['contains a lone surrogate (not valid Unicode)'],
      'nested.list.1': ['contains a lone surrogate (not valid Unicode)'],
      count: ['is out of range'],
      fraction: ['is out of range'],
      at: ['is not a date between the years 1 and 9999'],
    });
  });

  test('lets ordinary input through: emoji, accents, negative and large int4 numbers, dates', () => {
    expect(
      hostileInputProblems({
        name: 'Sofía García 😊',
        offset: -2_147_483_647,
        rating: 5,
        at: new Date('2031-04-01T10:00:00Z'),
        list: [],
        nothing: null,
      }),
    ).toBeNull();
  });
});
