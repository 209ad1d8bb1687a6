import type { KeyboardEvent } from 'react';

/**
 * Arrow-key movement over a grid of buttons laid out by CSS (one Tab stop for the whole
 * grid): Left/Right step, Up/Down jump a row, Home/End go to the ends; disabled cells are
 * skipped. Columns are read from the layout, so one grid works at every width. Returns the
 * index to focus (and swallows the key), or null when the key is not one of these.
 */
export function nextGridIndex(
  event: KeyboardEvent<HTMLElement>,
  items: HTMLElement[],
  current: number,
  isEnabled: (index: number) => boolean = () => true,
): number | null {
  const columns = Math.max(1, items.filter((item) => item.offsetTop === items[0]?.offsetTop).length);
  const target = gridTarget(event.key, items.length, columns, current, isEnabled);
  if (target === undefined) return null;
  event.preventDefault();
  return target;
}

/** The pure part: where a key moves focus; undefined for keys the grid does not handle. */
export function gridTarget(
  key: string,
  length: number,
  columns: number,
  current: number,
  isEnabled: (index: number) => boolean,
): number | null | undefined {
  const scan = (from: number, direction: 1 | -1): number | null => {
    for (let i = from; i >= 0 && i < length; i += direction) if (isEnabled(i)) return i;
    return null;
  };
  switch (key) {
    case 'ArrowLeft':
      return scan(current - 1, -1) ?? current;
    case 'ArrowRight':
      return scan(current + 1, 1) ?? current;
    case 'ArrowUp':
      return current - columns < 0 ? current : (scan(current - columns, -1) ?? current);
    case 'ArrowDown':
      return current + columns >= length ? current : (scan(current + columns, 1) ?? current);
    case 'Home':
      return scan(0, 1);
    case 'End':
      return scan(length - 1, -1);
    default:
      return undefined;
  }
}
