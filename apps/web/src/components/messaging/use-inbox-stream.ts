import { skipToken, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useCallback } from 'react';
import { useTRPC } from '../../trpc';
import { type InboxFeedEvent, withMessage } from './inbox';

/**
 * The signed-in person's inbox stream, held once for the whole app (the header mounts it): it
 * keeps the unread counts and any open thread in the query cache up to date. The browser's
 * EventSource reconnects by itself and resumes after the last id. Counts arrive on every
 * (re)connection and change; each refreshes the thread lists and open threads, so nothing
 * sent while the stream was away is missed.
 */
export function useInboxStream(enabled: boolean) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const onData = useCallback(
    ({ data }: InboxFeedEvent) => {
      if (data.type === 'unread') {
        queryClient.setQueryData(trpc.messages.unread.queryKey(), { total: data.total, threads: data.threads });
        void queryClient.invalidateQueries(trpc.messages.threads.queryFilter());
        void queryClient.invalidateQueries(trpc.messages.thread.pathFilter());
        return;
      }
      queryClient.setQueryData(trpc.messages.thread.queryKey({ threadId: data.message.threadId }), (page) =>
        page ? withMessage(page, data.message) : page,
      );
    },
    [queryClient, trpc],
  );
  useSubscription(trpc.messages.events.subscriptionOptions(enabled ? { lastEventId: null } : skipToken, { onData }));
}
