import { useQuery } from '@tanstack/react-query';
import { BellIcon } from 'lucide-react';
import { useTRPC } from '../../trpc';
import { CountLink } from '../layout/CountLink';

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
  return (
    <CountLink
      to="/notifications"
      name="Notifications"
      count={unread.data ?? 0}
      icon={<BellIcon />}
      testId="unread-count"
      className={className}
    />
  );
}
