import type { ComponentProps } from 'react';
import { cx } from '../../lib/class-names';

/** A grey placeholder shaped like content that is on its way; hidden from screen readers. */
export function Skeleton({ circle = false, className, ...props }: ComponentProps<'div'> & { circle?: boolean }) {
  return (
    <div
      aria-hidden="true"
      className={cx(
        'animate-pulse bg-muted motion-reduce:animate-none',
        circle ? 'rounded-full' : 'rounded-md',
        className,
      )}
      {...props}
    />
  );
}
