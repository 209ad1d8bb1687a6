/** A goal's ratings as one value per UTC day (the last of a day wins), oldest first, for the daily chart. */
export function progressByDay(progress: readonly { rating: number; createdAt: Date }[]): {
  days: string[];
  ratings: number[];
} {
  const byDay = new Map<string, number>();
  for (const p of [...progress].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()))
    byDay.set(p.createdAt.toISOString().slice(0, 10), p.rating);
  return { days: [...byDay.keys()], ratings: [...byDay.values()] };
}

/** The end of a chosen calendar day in this browser's zone: homework "due Friday" is due all Friday. */
export function endOfLocalDay(isoDate: string): Date {
  return new Date(`${isoDate}T23:59:00`);
}

/** A date input's value a week from now. */
export function aWeekFromNow(now = new Date()): string {
  const d = new Date(now.getTime() + 7 * 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
