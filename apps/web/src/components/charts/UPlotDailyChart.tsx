import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cx } from '../../lib/class-names';
import type { DailyChartProps } from './DailyChart';

const HEIGHT = 160;
const DAY_SECONDS = 86_400;

/** Seconds since the epoch of a YYYY-MM-DD UTC day. */
const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

export default function UPlotDailyChart({ days, series, kind, yMax, className }: DailyChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const swatches = useRef<(HTMLSpanElement | null)[]>([]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Canvas needs colour values: take them from the legend swatches, so both themes apply.
    const colorOf = (i: number) => (swatches.current[i] ? getComputedStyle(swatches.current[i]).color : 'gray');
    const axisColor = getComputedStyle(el).color;
    const axis: uPlot.Axis = {
      stroke: axisColor,
      grid: { stroke: axisColor, width: 0.5, dash: [2, 4] },
      ticks: { show: false },
    };
    const chart = new uPlot(
      {
        width: Math.max(el.clientWidth, 200),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        // The days are UTC days: label them as such, whatever the browser's zone.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: {
          x: { time: true, range: (_u, min, max) => [min - DAY_SECONDS / 2, max + DAY_SECONDS / 2] },
          y: { range: (_u, _min, max) => [0, yMax ?? (max > 0 ? max * 1.1 : 1)] },
        },
        axes: [axis, { ...axis, size: 40 }],
        series: [
          {},
          ...series.map((s, i): uPlot.Series => {
            const color = colorOf(i);
            return kind === 'bars'
              ? {
                  label: s.label,
                  fill: color,
                  stroke: color,
                  paths: uPlot.paths.bars?.({ size: [0.7, 24] }),
                  points: { show: false },
                }
              : { label: s.label, stroke: color, width: 2, points: { show: days.length <= 31, size: 4, fill: color } };
          }),
        ],
      },
      [days.map(dayStart), ...series.map((s) => [...s.values])] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(el.clientWidth, 200), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [days, series, kind, yMax]);

  return (
    <div aria-hidden="true" className={cx('flex flex-col gap-2', className)}>
      <div ref={box} className="w-full text-muted-foreground" style={{ height: HEIGHT }} />
      <p className={cx('flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground', series.length < 2 && 'hidden')}>
        {series.map((s, i) => (
          <span key={s.label} className="inline-flex items-center gap-1.5">
            <span
              ref={(node) => {
                swatches.current[i] = node;
              }}
              className={cx('inline-block size-2.5 rounded-sm bg-current', s.colorClass)}
            />
            {s.label}
          </span>
        ))}
      </p>
    </div>
  );
}
