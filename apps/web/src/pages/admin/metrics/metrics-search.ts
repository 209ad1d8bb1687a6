import { type DailyMetric, isDailyMetric, parseUtcDay } from './daily-metrics';

export interface MetricsSearch {
  from?: string;
  to?: string;
  metric?: DailyMetric;
}

/** `/admin/metrics?from=2030-01-01&to=2030-01-31&metric=active_users`; anything else is dropped. */
export function parseMetricsSearch(search: Record<string, unknown>): MetricsSearch {
  const day = (value: unknown) => (typeof value === 'string' && parseUtcDay(value) ? value : undefined);
  return {
    from: day(search.from),
    to: day(search.to),
    metric: isDailyMetric(search.metric) ? search.metric : undefined,
  };
}
