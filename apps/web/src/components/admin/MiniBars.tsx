import { cx } from '../../lib/class-names';

export interface MiniBarsProps {
  /** One bar per value, left to right; null is a gap (no data that day). */
  values: readonly (number | null)[];
  className?: string;
}

const HEIGHT = 48;
const BAR = 8;
const GAP = 2;

/**
 * A small bar chart, scaled to the largest value. Decorative: the numbers it draws are in a
 * table (and summarised in text) next to it.
 */
export function MiniBars({ values, className }: MiniBarsProps) {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  const width = Math.max(1, values.length * (BAR + GAP) - GAP);
  return (
    <svg
      viewBox={`0 0 ${width} ${HEIGHT}`}
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
      className={cx('h-12 w-full text-primary', className)}
    >
      <line x1="0" x2={width} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} stroke="currentColor" strokeOpacity="0.25" />
      {values.map((value, i) => {
        if (value === null || max === 0) return null;
        // At least a sliver for a small non-zero value, so it does not read as "nothing".
        const h = value <= 0 ? 0 : Math.max(1.5, (value / max) * (HEIGHT - 2));
        return <rect key={i} x={i * (BAR + GAP)} y={HEIGHT - h} width={BAR} height={h} rx="1" fill="currentColor" />;
      })}
    </svg>
  );
}
