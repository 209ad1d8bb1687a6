import { useQuery } from '@tanstack/react-query';
import { MessageSquareIcon } from 'lucide-react';
import { useTRPC } from '../../trpc';
import { CountLink } from '../layout/CountLink';
import { useInboxStream } from './use-inbox-stream';

/** The header's link to messages with the unread count, kept live by the inbox stream. */
export function MessagesBadge({ className }: { className?: string }) {
  const trpc = useTRPC();
  useInboxStream(true);
  const unread = useQuery({ ...trpc.messages.unread.queryOptions(), staleTime: Number.POSITIVE_INFINITY });
  return (
    <CountLink
      to="/messages"
      name="Messages"
      count={unread.data?.total ?? 0}
      icon={<MessageSquareIcon />}
      testId="unread-messages"
      className={className}
    />
  );
}
