import { describe, expect, it } from 'vitest';
import { parseMetricsSearch } from './metrics-search';
import { addUtcDays, daysBetween, formatMetric, type MetricRow, metricsByDay, rangeProblems } from './metrics-table';

const row = (day: string, metric: string, value: number, metadata: MetricRow['metadata'] = null): MetricRow => ({
  id: `${day}-${metric}`,
  date: new Date(`${day}T00:00:00Z`),
  metric,
  value,
  metadata,
});

describe('days of a range', () => {
  it('lists every UTC day, both ends included, across a month end and a DST change', () => {
    expect(daysBetween('2030-03-30', '2030-04-01')).toEqual(['2030-03-30', '2030-03-31', '2030-04-01']);
    expect(addUtcDays('2030-10-26', 2)).toBe('2030-10-28');
    expect(daysBetween('2030-01-02', '2030-01-01')).toEqual([]);
  });

  it('explains a range it cannot show, per field', () => {
    expect(rangeProblems('2030-01-01', '2030-01-31')).toBeNull();
    expect(rangeProblems('2030-02-30', '2030-03-01')).toEqual({ from: 'Enter the first day as a date' });
    expect(rangeProblems('2030-01-10', '2030-01-01')?.to).toMatch(/on or after/);
    expect(rangeProblems('2030-01-01', '2031-06-01')?.to).toMatch(/at most 366 days/);
    expect(rangeProblems('2030-01-01', '2031-01-01')).toBeNull();
  });
});

describe('metricsByDay', () => {
  it('puts each rollup under its day and keeps days without one', () => {
    const days = metricsByDay(
      ['2030-01-01', '2030-01-02'],
      [
        row('2030-01-02', 'active_users', 12, { counts: 'distinct users' }),
        row('2030-01-02', 'avg_rating', 0, { ratings: 0 }),
        row('2030-01-03', 'active_users', 99),
        row('2030-01-02', 'something_else', 1),
      ],
    );
    expect(days).toEqual([
      { day: '2030-01-01', values: {} },
      {
        day: '2030-01-02',
        values: {
          active_users: { value: 12, ratings: null, description: 'distinct users' },
          avg_rating: { value: 0, ratings: 0, description: null },
        },
      },
    ]);
    expect(formatMetric('avg_rating', days[1]?.values.avg_rating)).toBe('—');
    expect(formatMetric('active_users', days[0]?.values.active_users)).toBe('—');
  });
});

describe('parseMetricsSearch', () => {
  it('keeps real days and known metrics only', () => {
    expect(parseMetricsSearch({ from: '2030-01-01', to: 'soon', metric: 'avg_rating' })).toEqual({
      from: '2030-01-01',
      to: undefined,
      metric: 'avg_rating',
    });
    expect(parseMetricsSearch({ metric: 'nope' }).metric).toBeUndefined();
  });
});
