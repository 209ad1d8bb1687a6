import type { RouterInputs } from '../../../lib/api-types';

// What the metrics page's address may say (metric, UTC days), apart from the table code so that
// the router, which parses every page's address up front, does not carry the page with it.

export type DailyMetric = NonNullable<RouterInputs['admin']['metrics']['daily']['metric']>;

/** In the order the table shows them. */
export const dailyMetrics = [
  'active_users',
  'sessions_completed',
  'avg_rating',
  'minutes_in_session',
  'no_shows',
] as const satisfies readonly DailyMetric[];

export function isDailyMetric(value: unknown): value is DailyMetric {
  return typeof value === 'string' && (dailyMetrics as readonly string[]).includes(value);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC calendar day of an instant, "2030-01-10". Metrics are rolled up per UTC day. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "2030-01-10" → midnight UTC of that day; null for anything that is not a real day. */
export function parseUtcDay(day: string): Date | null {
  if (!ISO_DAY.test(day)) return null;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || utcDay(date) !== day ? null : date;
}
