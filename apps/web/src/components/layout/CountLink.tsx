import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { cx } from '../../lib/class-names';

/**
 * A header icon link with an unread count (the bell, messages): the count is in its accessible
 * name ("Messages, 3 unread"); the dot shows it, capped at 99+.
 */
export function CountLink(props: {
  to: '/messages' | '/notifications';
  name: string;
  count: number;
  icon: ReactNode;
  testId: string;
  className?: string;
}) {
  const label = props.count === 0 ? props.name : `${props.name}, ${props.count} unread`;
  return (
    <Link
      to={props.to}
      aria-label={label}
      title={label}
      className={cx(
        'relative inline-flex size-10 items-center justify-center rounded-lg text-foreground transition-colors hover:bg-muted',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
        'data-[status=active]:bg-accent data-[status=active]:text-accent-foreground',
        props.className,
      )}
    >
      {props.icon}
      {props.count > 0 ? (
        <span
          aria-hidden="true"
          data-testid={props.testId}
          className="absolute top-1 right-1 flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-danger px-1 text-[0.65rem] leading-none font-semibold text-danger-foreground"
        >
          {props.count > 99 ? '99+' : props.count}
        </span>
      ) : null}
    </Link>
  );
}
