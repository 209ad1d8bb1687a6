import type { ComponentProps } from 'react';
import { cx } from '../../lib/class-names';

export function Textarea({ className, rows, ...props }: ComponentProps<'textarea'>) {
  return (
    <textarea
      rows={rows ?? 4}
      className={cx(
        'w-full min-w-0 rounded-lg border border-input bg-card px-3 py-2 text-base text-foreground shadow-xs sm:text-sm',
        'placeholder:text-muted-foreground transition-colors',
        'focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40',
        'aria-invalid:border-danger aria-invalid:focus-visible:outline-danger/40',
        'disabled:cursor-not-allowed disabled:opacity-50',
        className,
      )}
      {...props}
    />
  );
}
