import type { Db } from '@hybridcoach/db';
import type { z } from 'zod';
import { DAILY_METRICS } from '../housekeeping/daily-metrics';
import type { dailyMetricsInput, metricsCsvInput } from './schemas';

/** PlatformMetric rows (the worker's daily rollup) between two days, oldest first. */
export function dailyMetrics(db: Db, input: z.infer<typeof dailyMetricsInput>) {
  return db.platformMetric.findMany({
    where: { metric: input.metric, date: { gte: input.from, lte: input.to } },
    orderBy: [{ date: 'asc' }, { metric: 'asc' }],
    take: 5000,
  });
}

/**
 * The daily metrics of a range as CSV (RFC 4180, CRLF): one row per day that has a rollup, one
 * column per metric, an empty cell where a metric is missing. Only dates and numbers: nothing a
 * spreadsheet could run as a formula.
 */
export async function dailyMetricsCsv(db: Db, input: z.infer<typeof metricsCsvInput>) {
  const rows = await dailyMetrics(db, input);
  const days = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const day = row.date.toISOString().slice(0, 10);
    const values = days.get(day) ?? new Map<string, number>();
    values.set(row.metric, row.value);
    days.set(day, values);
  }
  const lines = [
    ['date', ...DAILY_METRICS].join(','),
    ...[...days].map(([day, values]) => [day, ...DAILY_METRICS.map((m) => String(values.get(m) ?? ''))].join(',')),
  ];
  const name = (d: Date) => d.toISOString().slice(0, 10);
  return { fileName: `metrics-${name(input.from)}-to-${name(input.to)}.csv`, csv: `${lines.join('\r\n')}\r\n` };
}
