import { useCallback, useState } from 'react';

/**
 * Newest-first lists paged by cursor: the cursors of the pages before the current one are
 * kept, so "Newer" goes back exactly and "Older" follows the server's `nextCursor`. Filters
 * change the list, so they `reset()` to the first page.
 */
export function useCursorPages<C>() {
  const [trail, setTrail] = useState<C[]>([]);
  const cursor: C | null = trail.at(-1) ?? null;
  const older = useCallback((next: C) => setTrail((t) => [...t, next]), []);
  const newer = useCallback(() => setTrail((t) => t.slice(0, -1)), []);
  const reset = useCallback(() => setTrail([]), []);
  return { cursor, page: trail.length + 1, older, newer, reset };
}
