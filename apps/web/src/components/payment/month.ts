/** Payout months, "2030-01", are UTC calendar months (the server counts money the same way). */
const MONTH = /^(20\d\d)-(0[1-9]|1[0-2])$/;

export function isMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** `?month=2030-01`; anything else is dropped (the page shows the current month). */
export function parseMonthSearch(search: Record<string, unknown>): { month?: string } {
  return { month: isMonth(search.month) ? search.month : undefined };
}

export function currentMonth(now: Date = new Date()): string {
  return now.toISOString().slice(0, 7);
}

/** The month `delta` months away: whole-number arithmetic on year and month, no clock involved. */
export function shiftMonth(month: string, delta: number): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const index = year * 12 + (number - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "January 2030". */
export function formatMonth(month: string): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return monthFormat.format(new Date(Date.UTC(year, number - 1, 1)));
}
