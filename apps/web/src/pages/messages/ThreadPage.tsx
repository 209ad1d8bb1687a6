import { DIRECT_MESSAGE_MAX_LENGTH } from '@hybridcoach/api/forms';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { useViewer } from '../../auth/viewer';
import {
  type DirectMessage,
  newestUnreadFromOthers,
  type ThreadPage as Thread,
  withMessage,
} from '../../components/messaging/inbox';
import { MessageComposer } from '../../components/messaging/MessageComposer';
import { useViewerTimeZone } from '../../components/scheduling/use-time-zone';
import { useStickToBottom } from '../../components/session/use-stick-to-bottom';
import { Alert } from '../../components/ui/Alert';
import { Avatar } from '../../components/ui/Avatar';
import { Breadcrumbs, crumbClass } from '../../components/ui/Breadcrumbs';
import { Button } from '../../components/ui/Button';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { cx } from '../../lib/class-names';
import { errorMessage } from '../../lib/error-message';
import { serverFieldErrors } from '../../lib/form-errors';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';

const route = getRouteApi('/signed-in/messages/$threadId');

/** One conversation between a coach and a client, live. */
export function ThreadPage() {
  const { threadId } = route.useParams();
  const trpc = useTRPC();
  const thread = useQuery(trpc.messages.thread.queryOptions({ threadId }));
  return (
    <section className="mx-auto flex w-full max-w-3xl flex-col px-4 py-10 sm:px-6">
      <Breadcrumbs current={thread.data ? titleOf(thread.data) : 'Conversation'}>
        <Link to="/messages" className={crumbClass}>
          Messages
        </Link>
      </Breadcrumbs>
      {thread.isPending ? (
        <LoadingState label="Loading the conversation…" className="mt-8" />
      ) : thread.isError ? (
        <ErrorState error={thread.error} title="Could not open this conversation" className="mt-8" />
      ) : (
        <Conversation key={threadId} page={thread.data} />
      )}
    </section>
  );
}

function titleOf(page: Thread): string {
  if (page.role === 'admin') return `${page.thread.coach.name} and ${page.thread.client.name}`;
  return page.role === 'client' ? page.thread.coach.name : page.thread.client.name;
}

function Conversation({ page }: { page: Thread }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const viewer = useViewer().data;
  const timeZone = useViewerTimeZone();
  const me = viewer?.id ?? '';
  const headingId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const [older, setOlder] = useState<{ messages: DirectMessage[]; hasMore: boolean } | null>(null);
  const loadOlder = useMutation({
    mutationFn: (before: string) =>
      queryClient.fetchQuery(trpc.messages.thread.queryOptions({ threadId: page.thread.id, before })),
    onSuccess: (earlier) =>
      setOlder((current) => ({
        messages: [...earlier.messages, ...(current?.messages ?? [])],
        hasMore: earlier.hasMore,
      })),
  });
  const messages = [...(older?.messages ?? []), ...page.messages];
  const hasMore = older ? older.hasMore : page.hasMore;
  useStickToBottom(scroller, page.messages.length);
  useMarkRead(page, me);

  const names: Record<string, string> = {
    [page.thread.coach.id]: page.thread.coach.name,
    [page.thread.client.id]: page.thread.client.name,
  };
  const other = page.role === 'client' ? page.thread.coach : page.thread.client;

  return (
    <div className="mt-6 flex flex-col gap-4">
      <title>{`${titleOf(page)} · Messages · HybridCoach`}</title>
      <header className="flex items-center gap-3">
        {page.role === 'admin' ? null : <Avatar name={other.name} src={other.profilePhotoPath} size="md" />}
        <div>
          <h1 id={headingId} className="text-2xl font-semibold tracking-tight">
            {titleOf(page)}
          </h1>
          <p className="text-sm text-muted-foreground">
            {page.role === 'admin'
              ? 'You are reading this as an admin; the read is in the audit log.'
              : 'Only the two of you read this conversation.'}
          </p>
        </div>
      </header>
      <div className="flex min-h-0 flex-col rounded-2xl border border-border bg-card">
        <div
          ref={scroller}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
          tabIndex={0}
          role="log"
          aria-labelledby={headingId}
          className="h-[28rem] max-h-[60dvh] overflow-y-auto px-4 py-3 focus-visible:outline-offset-[-2px]"
        >
          {hasMore ? (
            <div className="flex justify-center pb-3">
              <Button
                variant="outline"
                size="sm"
                disabled={loadOlder.isPending}
                onClick={() => messages[0] && loadOlder.mutate(messages[0].id)}
              >
                {loadOlder.isPending ? 'Loading…' : 'Show earlier messages'}
              </Button>
            </div>
          ) : null}
          {messages.length === 0 ? (
            <p className="py-6 text-center text-sm text-muted-foreground">
              No messages yet.{page.canSend ? ' Say hello.' : ''}
            </p>
          ) : (
            <ol aria-label="Messages" className="flex flex-col gap-3">
              {messages.map((message) => {
                const own = message.senderId === me;
                return (
                  <li key={message.id} className={cx('flex flex-col gap-0.5', own ? 'items-end' : 'items-start')}>
                    <span className="text-xs text-muted-foreground">
                      {own ? 'You' : (names[message.senderId] ?? 'Someone')} ·{' '}
                      <time dateTime={message.createdAt.toISOString()}>
                        {formatDateTime(message.createdAt, timeZone)}
                      </time>
                    </span>
                    <p
                      className={cx(
                        'max-w-[85%] rounded-2xl px-3 py-2 text-sm whitespace-pre-wrap break-words',
                        own ? 'bg-primary text-primary-foreground' : 'bg-muted text-foreground',
                      )}
                    >
                      {message.body}
                    </p>
                  </li>
                );
              })}
            </ol>
          )}
        </div>
        {page.role === 'admin' ? null : page.canSend ? (
          <Composer threadId={page.thread.id} />
        ) : (
          <Alert tone="info" className="m-3" title="This conversation is closed">
            {page.role === 'client'
              ? `${page.thread.coach.name} no longer coaches you here. Book a session to write again.`
              : 'You no longer coach this client.'}
          </Alert>
        )}
      </div>
      {loadOlder.isError ? (
        <p role="alert" className="text-sm font-medium text-danger">
          {errorMessage(loadOlder.error)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Marks the conversation read up to its newest message while it is on screen: on opening,
 * when a message arrives, and when the tab comes back into view. The badge follows through the
 * inbox stream.
 */
function useMarkRead(page: Thread, me: string) {
  const trpc = useTRPC();
  const markRead = useMutation(trpc.messages.markRead.mutationOptions());
  const marked = useRef<string | null>(null);
  const target = page.role === 'admin' ? null : newestUnreadFromOthers(page, me);
  const targetId = target?.id ?? null;
  const threadId = page.thread.id;
  const { mutate } = markRead;
  useEffect(() => {
    if (!targetId) return;
    const mark = () => {
      if (document.visibilityState !== 'visible' || marked.current === targetId) return;
      marked.current = targetId;
      mutate({ threadId, upToId: targetId });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [targetId, threadId, mutate]);
}

function Composer({ threadId }: { threadId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const send = useMutation(trpc.messages.send.mutationOptions());
  return (
    <MessageComposer
      maxLength={DIRECT_MESSAGE_MAX_LENGTH}
      hint="Enter sends; Shift+Enter starts a new line. They get an email if it stays unread for a while."
      send={async (body) => {
        const message = await send.mutateAsync({ threadId, body });
        queryClient.setQueryData(trpc.messages.thread.queryKey({ threadId }), (page) =>
          page ? withMessage(page, message) : page,
        );
      }}
      describeFailure={(failure) => {
        const problem = serverFieldErrors(failure)?.body?.[0];
        return problem ? `${problem}.` : null;
      }}
    />
  );
}
