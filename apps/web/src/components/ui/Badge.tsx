import type { ComponentProps } from 'react';
import { cx } from '../../lib/class-names';

export type BadgeTone = 'neutral' | 'brand' | 'success' | 'warning' | 'danger';

const tones: Record<BadgeTone, string> = {
  neutral: 'bg-muted text-muted-foreground',
  brand: 'bg-accent text-accent-foreground ring-1 ring-brand-200 ring-inset dark:ring-brand-800',
  success:
    'bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200 ring-inset dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800',
  warning: 'bg-warning-muted text-warning-foreground',
  danger: 'bg-danger-muted text-danger',
};

export function Badge({ tone = 'neutral', className, ...props }: ComponentProps<'span'> & { tone?: BadgeTone }) {
  return (
    <span
      className={cx(
        'inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap',
        tones[tone],
        className,
      )}
      {...props}
    />
  );
}
