import type { RouterInputs, RouterOutputs } from '../../../lib/api-types';

export type DailyMetric = NonNullable<RouterInputs['admin']['metrics']['daily']['metric']>;
export type MetricRow = RouterOutputs['admin']['metrics']['daily'][number];

/** In the order the table shows them. */
export const dailyMetrics = [
  'active_users',
  'sessions_completed',
  'avg_rating',
  'minutes_in_session',
  'no_shows',
] as const satisfies readonly DailyMetric[];

export const metricLabels: Record<DailyMetric, string> = {
  active_users: 'Active users',
  sessions_completed: 'Sessions completed',
  avg_rating: 'Average rating',
  minutes_in_session: 'Minutes in session',
  no_shows: 'No-shows',
};

/** What the rollup counts, for when a row has no description of its own. */
export const metricDescriptions: Record<DailyMetric, string> = {
  active_users: 'Distinct users who signed in, used the app, joined a session or wrote a message.',
  sessions_completed: 'Appointments whose session ended completed that day.',
  avg_rating: 'Mean of the session ratings given that day.',
  minutes_in_session: 'Participant-minutes of completed sessions that ended that day.',
  no_shows: 'Appointments due to end that day that nobody joined.',
};

export function isDailyMetric(value: unknown): value is DailyMetric {
  return typeof value === 'string' && (dailyMetrics as readonly string[]).includes(value);
}

const DAY_MS = 86_400_000;
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

/** `day` moved by whole days. UTC days are all 24 hours long, so adding milliseconds is exact. */
export function addUtcDays(day: string, days: number): string {
  const date = parseUtcDay(day);
  if (!date) throw new Error(`not a day: ${day}`);
  return utcDay(new Date(date.getTime() + days * DAY_MS));
}

/** The most days one table shows. */
export const MAX_RANGE_DAYS = 366;

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const start = parseUtcDay(from);
  const end = parseUtcDay(to);
  if (!start || !end || end < start) return [];
  const count = Math.min(MAX_RANGE_DAYS, Math.round((end.getTime() - start.getTime()) / DAY_MS) + 1);
  return Array.from({ length: count }, (_, i) => addUtcDays(from, i));
}

/** What is wrong with a range, per field, or null when it can be shown. */
export function rangeProblems(from: string, to: string): { from?: string; to?: string } | null {
  const problems: { from?: string; to?: string } = {};
  const start = parseUtcDay(from);
  const end = parseUtcDay(to);
  if (!start) problems.from = 'Enter the first day as a date';
  if (!end) problems.to = 'Enter the last day as a date';
  if (start && end) {
    if (end < start) problems.to = 'The last day must be on or after the first day';
    else if ((end.getTime() - start.getTime()) / DAY_MS + 1 > MAX_RANGE_DAYS) {
      problems.to = `Choose at most ${MAX_RANGE_DAYS} days`;
    }
  }
  return Object.keys(problems).length > 0 ? problems : null;
}

export interface MetricCell {
  value: number;
  /** For the average rating: how many ratings it averages (0: there were none). */
  ratings: number | null;
  description: string | null;
}

export interface MetricsDay {
  day: string;
  values: Partial<Record<DailyMetric, MetricCell>>;
}

/** One row per day of the range (days without a rollup included, empty), oldest first. */
export function metricsByDay(days: readonly string[], rows: readonly MetricRow[]): MetricsDay[] {
  const byDay = new Map<string, MetricsDay>(days.map((day) => [day, { day, values: {} }]));
  for (const row of rows) {
    if (!isDailyMetric(row.metric)) continue;
    const entry = byDay.get(utcDay(row.date));
    if (!entry) continue;
    const metadata = row.metadata;
    const meta = typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? metadata : {};
    entry.values[row.metric] = {
      value: row.value,
      ratings: typeof meta.ratings === 'number' ? meta.ratings : null,
      description: typeof meta.counts === 'string' ? meta.counts : null,
    };
  }
  return [...byDay.values()];
}

/** A cell as text: counts whole, minutes and ratings with one decimal; no ratings is not "0". */
export function formatMetric(metric: DailyMetric, cell: MetricCell | undefined): string {
  if (!cell) return '—';
  if (metric === 'avg_rating') return cell.ratings === 0 ? '—' : cell.value.toFixed(1);
  if (metric === 'minutes_in_session') return cell.value.toLocaleString(undefined, { maximumFractionDigits: 1 });
  return Math.round(cell.value).toLocaleString();
}

/** The value a chart draws; null for no data (or no ratings). */
export function chartValue(metric: DailyMetric, cell: MetricCell | undefined): number | null {
  if (!cell || (metric === 'avg_rating' && cell.ratings === 0)) return null;
  return cell.value;
}
