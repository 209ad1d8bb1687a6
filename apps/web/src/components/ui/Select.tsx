import { ChevronDownIcon } from 'lucide-react';
import type { ComponentProps } from 'react';
import { cx } from '../../lib/class-names';

/** A native select (the platform's picker on phones, type-to-find everywhere) in our look. */
export function Select({ className, children, ...props }: ComponentProps<'select'>) {
  return (
    <div className={cx('relative', className)}>
      <select
        className={cx(
          'h-10 w-full min-w-0 appearance-none rounded-lg border border-input bg-card pr-9 pl-3 text-base text-foreground shadow-xs sm:text-sm',
          'focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40',
          'aria-invalid:border-danger disabled:cursor-not-allowed disabled:opacity-50',
        )}
        {...props}
      >
        {children}
      </select>
      <ChevronDownIcon className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted-foreground" />
    </div>
  );
}
