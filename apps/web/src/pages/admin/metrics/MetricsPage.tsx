import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { AdminTable, AdminTableHead, numericClass, tdClass } from '../../../components/admin/AdminTable';
import { AdminTabs } from '../../../components/admin/AdminTabs';
import { DailyChart } from '../../../components/charts/DailyChart';
import { Button } from '../../../components/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../../components/ui/Card';
import { EmptyState } from '../../../components/ui/EmptyState';
import { ErrorState } from '../../../components/ui/ErrorState';
import { ErrorSummary } from '../../../components/ui/ErrorSummary';
import { FormField } from '../../../components/ui/FormField';
import { Input } from '../../../components/ui/Input';
import { LoadingState } from '../../../components/ui/LoadingState';
import { Select } from '../../../components/ui/Select';
import { cx } from '../../../lib/class-names';
import { useFormErrors } from '../../../lib/use-form-errors';
import { useTRPC } from '../../../trpc';
import { MetricsActions } from './MetricsActions';
import {
  addUtcDays,
  chartValue,
  type DailyMetric,
  dailyMetrics,
  daysBetween,
  formatMetric,
  type MetricRow,
  type MetricsDay,
  metricDescriptions,
  metricLabels,
  metricsByDay,
  parseUtcDay,
  rangeProblems,
  utcDay,
} from './metrics-table';

const route = getRouteApi('/signed-in/admin-only/admin/metrics');

/** How many days the page shows when none are chosen (ending today, UTC). */
const DEFAULT_DAYS = 30;

const dayFormat = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function formatDay(day: string): string {
  const date = parseUtcDay(day);
  return date ? dayFormat.format(date) : day;
}

/** Admins: the worker's daily rollup (active users, sessions, rating, minutes) over a range of days. */
export function MetricsPage() {
  const search = route.useSearch();
  const today = utcDay(new Date());
  const to = search.to ?? today;
  const from = search.from ?? addUtcDays(to, -(DEFAULT_DAYS - 1));
  const range = rangeProblems(from, to) ? { from: addUtcDays(today, -(DEFAULT_DAYS - 1)), to: today } : { from, to };

  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Daily metrics · HybridCoach</title>
      <AdminTabs className="mb-6" />
      <h1 className="text-3xl font-semibold tracking-tight">Daily metrics</h1>
      <p className="mt-2 max-w-3xl text-muted-foreground">
        The worker rolls up each day shortly after it ends, and past days when it first starts. Days are UTC calendar
        days.
      </p>
      <RangeForm key={`${range.from}|${range.to}|${search.metric ?? ''}`} {...range} metric={search.metric} />
      <MetricsActions {...range} />
      <MetricsResults from={range.from} to={range.to} metric={search.metric} />
      <MembershipTrend from={range.from} to={range.to} />
    </section>
  );
}

/** The range and metric to show; "Show" puts them in the address, so a view can be shared. */
function RangeForm(props: { from: string; to: string; metric?: DailyMetric }) {
  const navigate = useNavigate();
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  const [metric, setMetric] = useState<DailyMetric | ''>(props.metric ?? '');
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids = { from: useId(), to: useId() };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problems = rangeProblems(from, to);
    if (problems) return show({ fields: { ...problems }, message: null });
    clear();
    void navigate({ to: '/admin/metrics', search: { from, to, metric: metric || undefined } });
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Days to show" className="mt-8 flex flex-col gap-4">
      <ErrorSummary ref={summaryRef} errors={errors} fieldIds={ids} />
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto] lg:items-start">
        <FormField id={ids.from} label="From" error={errors.fields.from} required>
          {(control) => <Input {...control} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
        </FormField>
        <FormField id={ids.to} label="To" error={errors.fields.to} required>
          {(control) => <Input {...control} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
        </FormField>
        <FormField label="Metric">
          {(control) => (
            <Select {...control} value={metric} onChange={(e) => setMetric(e.target.value as DailyMetric | '')}>
              <option value="">All metrics</option>
              {dailyMetrics.map((m) => (
                <option key={m} value={m}>
                  {metricLabels[m]}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        {/* Lines up with the controls, under their labels. */}
        <Button type="submit" className="lg:mt-[1.375rem]">
          Show
        </Button>
      </div>
    </form>
  );
}

function MetricsResults({ from, to, metric }: { from: string; to: string; metric?: DailyMetric }) {
  const trpc = useTRPC();
  const start = parseUtcDay(from) ?? new Date();
  const end = parseUtcDay(to) ?? new Date();
  const rows = useQuery(
    trpc.admin.metrics.daily.queryOptions({ metric, from: start, to: end }, { placeholderData: keepPreviousData }),
  );
  const shown: readonly DailyMetric[] = metric ? [metric] : dailyMetrics;
  const range = `${formatDay(from)} to ${formatDay(to)}`;

  if (rows.isPending) return <LoadingState label="Loading metrics…" className="mt-8" />;
  if (rows.isError) {
    return (
      <ErrorState
        error={rows.error}
        title="Could not load the metrics"
        onRetry={() => rows.refetch()}
        className="mt-8"
      />
    );
  }
  if (rows.data.length === 0) {
    return (
      <EmptyState
        className="mt-8"
        title="No metrics for these days"
        description={`Nothing was rolled up from ${range}. The worker writes each day’s numbers shortly after midnight UTC, and fills in past days when it starts; “Fill in missing days” does it now.`}
      />
    );
  }
  return <MetricsView from={from} to={to} range={range} shown={shown} rows={rows.data} busy={rows.isPlaceholderData} />;
}

function MetricsView(props: {
  from: string;
  to: string;
  range: string;
  shown: readonly DailyMetric[];
  rows: MetricRow[];
  busy: boolean;
}) {
  const { from, to, range, shown, busy } = props;
  // Memoised: a chart redraws when its days or values change, not on every render.
  const days = useMemo(() => metricsByDay(daysBetween(from, to), props.rows), [from, to, props.rows]);
  return (
    <div className="mt-8 flex flex-col gap-8" aria-busy={busy || undefined}>
      <ul className={cx('grid grid-cols-1 gap-4', shown.length > 1 && 'sm:grid-cols-2')}>
        {shown.map((m) => (
          <li key={m}>
            <MetricCard metric={m} days={days} />
          </li>
        ))}
      </ul>
      <AdminTable caption={`Daily metrics, ${range} (UTC days), oldest first`}>
        <AdminTableHead columns={['Day', ...shown.map((m) => ({ label: metricLabels[m], numeric: true }))]} />
        <tbody>
          {days.map((day) => (
            <tr key={day.day}>
              <th scope="row" className={cx(tdClass, 'font-normal whitespace-nowrap')}>
                <time dateTime={day.day}>{formatDay(day.day)}</time>
              </th>
              {shown.map((m) => (
                <td key={m} className={cx(tdClass, numericClass)}>
                  {formatMetric(m, day.values[m])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </AdminTable>
    </div>
  );
}

/** One metric over the range: a small bar chart and, in words, the latest and highest values. */
function MetricCard({ metric, days }: { metric: DailyMetric; days: MetricsDay[] }) {
  const values = useMemo(() => days.map((d) => chartValue(metric, d.values[metric])), [days, metric]);
  const chart = useMemo(
    () => ({
      days: days.map((d) => d.day),
      series: [{ label: metricLabels[metric], values, colorClass: 'text-primary' }],
    }),
    [days, metric, values],
  );
  const withData = days.filter((_, i) => values[i] !== null);
  const latest = withData.at(-1);
  const peak = withData.reduce<MetricsDay | null>(
    (best, d) =>
      best === null || (chartValue(metric, d.values[metric]) ?? 0) > (chartValue(metric, best.values[metric]) ?? 0)
        ? d
        : best,
    null,
  );
  const description = latest?.values[metric]?.description;
  return (
    <Card className="h-full">
      <CardHeader>
        <CardTitle as="h2" className="text-base">
          {metricLabels[metric]}
        </CardTitle>
        <CardDescription>
          {description ? `${description.charAt(0).toUpperCase()}${description.slice(1)}.` : metricDescriptions[metric]}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {latest ? (
          <p className="text-sm">
            <span className="text-2xl font-semibold tabular-nums">{formatMetric(metric, latest.values[metric])}</span>{' '}
            <span className="text-muted-foreground">on {formatDay(latest.day)}</span>
            {peak && peak.day !== latest.day ? (
              <span className="block text-muted-foreground">
                Highest: {formatMetric(metric, peak.values[metric])} on {formatDay(peak.day)}
              </span>
            ) : null}
          </p>
        ) : (
          <p className="text-sm text-muted-foreground">No data on these days.</p>
        )}
        <DailyChart kind="bars" {...chart} />
      </CardContent>
    </Card>
  );
}

const communities = [
  { community: 'ultra', label: 'Ultra (coaches)', colorClass: 'text-primary' },
  { community: 'vagus', label: 'Vagus (clients)', colorClass: 'text-amber-500' },
] as const;

/** Active Skool members of each community at the end of each day, from the status history. */
function MembershipTrend({ from, to }: { from: string; to: string }) {
  const trpc = useTRPC();
  const start = parseUtcDay(from) ?? new Date();
  const end = parseUtcDay(to) ?? new Date();
  const trend = useQuery(
    trpc.admin.metrics.membership.queryOptions({ from: start, to: end }, { placeholderData: keepPreviousData }),
  );
  const chart = useMemo(() => {
    const rows = trend.data ?? [];
    const days = [...new Set(rows.map((r) => r.day))];
    const series = communities.map(({ community, label, colorClass }) => {
      const byDay = new Map(rows.filter((r) => r.community === community).map((r) => [r.day, r.active]));
      return { label, colorClass, values: days.map((day) => byDay.get(day) ?? null) };
    });
    return { days, series };
  }, [trend.data]);
  const lastDay = chart.days.at(-1);
  const titleId = useId();

  return (
    <Card as="section" aria-labelledby={titleId} className="mt-8">
      <CardHeader>
        <CardTitle as="h2" id={titleId} className="text-base">
          Skool members
        </CardTitle>
        <CardDescription>
          Active members of each community at the end of each day, from the sync history.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        {trend.isPending ? (
          <LoadingState label="Loading members…" />
        ) : trend.isError ? (
          <ErrorState error={trend.error} title="Could not load the members" onRetry={() => trend.refetch()} />
        ) : lastDay ? (
          <>
            <p className="text-sm">
              On {formatDay(lastDay)}:{' '}
              {chart.series.map((s) => `${s.values.at(-1) ?? 0} ${s.label.replace(/ \(.*\)$/, '')} members`).join(', ')}
              .
            </p>
            <DailyChart kind="lines" {...chart} />
          </>
        ) : null}
      </CardContent>
    </Card>
  );
}
