import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { BellIcon } from 'lucide-react';
import { cx } from '../../lib/class-names';
import { useTRPC } from '../../trpc';

/** How often the header asks for the unread count. */
export const UNREAD_POLL_MS = 30_000;

/** The header's bell: a link to the notifications with the unread count, checked every 30 s. */
export function NotificationBell({ className }: { className?: string }) {
  const trpc = useTRPC();
  const unread = useQuery({
    ...trpc.notification.unreadCount.queryOptions(),
    refetchInterval: UNREAD_POLL_MS,
    staleTime: 10_000,
  });
  const count = unread.data ?? 0;
  const label = count === 0 ? 'Notifications' : `Notifications, ${count} unread`;
  return (
    <Link
      to="/notifications"
      aria-label={label}
      title={label}
      className={cx(
        'relative inline-flex size-10 items-center justify-center rounded-lg text-foreground transition-colors hover:bg-muted',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
        'data-[status=active]:bg-accent data-[status=active]:text-accent-foreground',
        className,
      )}
    >
      <BellIcon />
      {count > 0 ? (
        <span
          aria-hidden="true"
          data-testid="unread-count"
          className="absolute top-1 right-1 flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-danger px-1 text-[0.65rem] leading-none font-semibold text-danger-foreground"
        >
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  );
}
