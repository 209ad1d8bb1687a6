import { describe, expect, it } from 'vitest';
import { gridTarget } from './roving-focus';

const all = () => true;

describe('gridTarget', () => {
  it('steps sideways and jumps whole rows, staying put at the edges', () => {
    expect(gridTarget('ArrowRight', 10, 4, 0, all)).toBe(1);
    expect(gridTarget('ArrowLeft', 10, 4, 0, all)).toBe(0);
    expect(gridTarget('ArrowDown', 10, 4, 1, all)).toBe(5);
    expect(gridTarget('ArrowDown', 10, 4, 7, all)).toBe(7);
    expect(gridTarget('ArrowUp', 10, 4, 6, all)).toBe(2);
    expect(gridTarget('Home', 10, 4, 6, all)).toBe(0);
    expect(gridTarget('End', 10, 4, 2, all)).toBe(9);
  });

  it('skips cells that cannot be chosen', () => {
    const enabled = (i: number) => i % 2 === 0;
    expect(gridTarget('ArrowRight', 10, 7, 0, enabled)).toBe(2);
    expect(gridTarget('End', 10, 7, 0, enabled)).toBe(8);
    expect(gridTarget('ArrowDown', 14, 7, 0, enabled)).toBe(8);
  });

  it('leaves other keys (Tab, Enter) alone', () => {
    expect(gridTarget('Tab', 10, 4, 0, all)).toBeUndefined();
    expect(gridTarget('Enter', 10, 4, 0, all)).toBeUndefined();
  });
});
