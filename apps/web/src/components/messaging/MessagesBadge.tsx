import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { MessageSquareIcon } from 'lucide-react';
import { cx } from '../../lib/class-names';
import { useTRPC } from '../../trpc';
import { useInboxStream } from './use-inbox-stream';

/** The header's link to messages with the unread count, kept live by the inbox stream. */
export function MessagesBadge({ className }: { className?: string }) {
  const trpc = useTRPC();
  useInboxStream(true);
  const unread = useQuery({ ...trpc.messages.unread.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  const count = unread.data?.total ?? 0;
  const label = count === 0 ? 'Messages' : `Messages, ${count} unread`;
  return (
    <Link
      to="/messages"
      aria-label={label}
      title={label}
      className={cx(
        'relative inline-flex size-10 items-center justify-center rounded-lg text-foreground transition-colors hover:bg-muted',
        'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
        'data-[status=active]:bg-accent data-[status=active]:text-accent-foreground',
        className,
      )}
    >
      <MessageSquareIcon />
      {count > 0 ? (
        <span
          aria-hidden="true"
          data-testid="unread-messages"
          className="absolute top-1 right-1 flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-danger px-1 text-[0.65rem] leading-none font-semibold text-danger-foreground"
        >
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  );
}
