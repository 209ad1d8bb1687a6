import { describe, expect, it } from 'vitest';
import { progressByDay } from './goal-progress';

describe('progressByDay', () => {
  it('keeps the last rating of each UTC day, oldest day first', () => {
    expect(
      progressByDay([
        { rating: 4, createdAt: new Date('2030-01-03T09:00:00Z') },
        { rating: 2, createdAt: new Date('2030-01-01T09:00:00Z') },
        { rating: 3, createdAt: new Date('2030-01-01T18:00:00Z') },
      ]),
    ).toEqual({ days: ['2030-01-01', '2030-01-03'], ratings: [3, 4] });
  });
});
