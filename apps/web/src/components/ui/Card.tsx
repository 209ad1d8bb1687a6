import type { ComponentProps } from 'react';
import { cx } from '../../lib/class-names';

export function Card({ as: Box = 'div', className, ...props }: ComponentProps<'div'> & { as?: 'div' | 'section' }) {
  return (
    <Box
      className={cx('rounded-2xl border border-border bg-card text-card-foreground shadow-sm', className)}
      {...props}
    />
  );
}

export function CardHeader({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cx('flex flex-col gap-1.5 p-6 pb-0', className)} {...props} />;
}

/** A heading; pass `as` to keep the document outline right where the card sits. */
export function CardTitle({
  as: Heading = 'h3',
  className,
  ...props
}: ComponentProps<'h3'> & { as?: 'h2' | 'h3' | 'h4' }) {
  return <Heading className={cx('text-lg leading-snug font-semibold tracking-tight', className)} {...props} />;
}

export function CardDescription({ className, ...props }: ComponentProps<'p'>) {
  return <p className={cx('text-sm text-muted-foreground', className)} {...props} />;
}

export function CardContent({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cx('p-6', className)} {...props} />;
}

export function CardFooter({ className, ...props }: ComponentProps<'div'>) {
  return <div className={cx('flex items-center gap-3 p-6 pt-0', className)} {...props} />;
}
