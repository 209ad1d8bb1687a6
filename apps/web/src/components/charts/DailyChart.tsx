import { lazy, Suspense } from 'react';
import { Skeleton } from '../ui/Skeleton';

export interface DailySeries {
  label: string;
  /** One value per day; null is a gap (no data that day). */
  values: readonly (number | null)[];
  /** A text colour class (text-primary, text-amber-500…): the legend shows it, the chart draws in it. */
  colorClass: string;
}

export interface DailyChartProps {
  /** UTC days, YYYY-MM-DD, oldest first. */
  days: readonly string[];
  series: readonly DailySeries[];
  kind: 'bars' | 'lines';
  /** A fixed top of the scale (a 1–5 rating), instead of just above the largest value. */
  yMax?: number;
  className?: string;
}

// uPlot and its stylesheet load with the first chart, never with the rest of the app.
const UPlotDailyChart = lazy(() => import('./UPlotDailyChart'));

/**
 * Values per day over a range, drawn by uPlot. Decorative like any chart here: the numbers are
 * in a table or in words beside it, so it is hidden from assistive technology.
 */
export function DailyChart(props: DailyChartProps) {
  return (
    <Suspense fallback={<Skeleton className="h-40 w-full" />}>
      <UPlotDailyChart {...props} />
    </Suspense>
  );
}
