import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, Navigate } from '@tanstack/react-router';
import { MessageSquareIcon } from 'lucide-react';
import { useViewer } from '../../auth/viewer';
import { useNow, useViewerTimeZone } from '../../components/scheduling/use-time-zone';
import { Alert } from '../../components/ui/Alert';
import { Avatar } from '../../components/ui/Avatar';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import type { RouterOutputs } from '../../lib/api-types';
import { cx } from '../../lib/class-names';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useTRPC } from '../../trpc';

const route = getRouteApi('/signed-in/messages');

type ThreadSummary = RouterOutputs['messages']['threads'][number];

/** A member's conversations (one per coach–client relationship); admins see which exist. */
export function MessagesPage() {
  const viewer = useViewer().data;
  return (
    <section className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6">
      <title>Messages · HybridCoach</title>
      <h1 className="text-3xl font-semibold tracking-tight">Messages</h1>
      {viewer?.role === 'admin' ? <AdminOverview /> : <MyThreads />}
    </section>
  );
}

function MyThreads() {
  const trpc = useTRPC();
  const search = route.useSearch();
  const viewer = useViewer().data;
  const threads = useQuery(trpc.messages.threads.queryOptions());
  const now = useNow(60_000);

  if (threads.isPending) return <LoadingState label="Loading your conversations…" className="mt-8" />;
  if (threads.isError)
    return <ErrorState error={threads.error} title="Could not load your messages" onRetry={() => threads.refetch()} />;
  if (search.with) {
    const match = threads.data.find((t) => t.other.id === search.with);
    if (match) return <Navigate to="/messages/$threadId" params={{ threadId: match.id }} replace />;
  }
  return (
    <>
      <p className="mt-2 text-muted-foreground">
        {viewer?.role === 'coach'
          ? 'Between sessions, your clients can reach you here. Only the two of you read a conversation.'
          : 'Between sessions, write to your coach here. Only the two of you read a conversation.'}
      </p>
      {search.with ? (
        <Alert tone="info" className="mt-6" title="No conversation with that person yet">
          A conversation opens when you book a session together.
        </Alert>
      ) : null}
      {threads.data.length === 0 ? (
        <EmptyState
          className="mt-8"
          icon={<MessageSquareIcon className="size-6" />}
          title="No conversations yet"
          description={
            viewer?.role === 'coach'
              ? 'A conversation opens with each client who books a session with you.'
              : 'A conversation with a coach opens when you book a session with them.'
          }
        />
      ) : (
        <ul aria-label="Conversations" className="mt-8 flex flex-col gap-2">
          {threads.data.map((thread) => (
            <ThreadRow key={thread.id} thread={thread} now={now} />
          ))}
        </ul>
      )}
    </>
  );
}

function ThreadRow({ thread, now }: { thread: ThreadSummary; now: Date }) {
  const last = thread.lastMessage;
  return (
    <li>
      <Link
        to="/messages/$threadId"
        params={{ threadId: thread.id }}
        className={cx(
          'flex items-center gap-4 rounded-xl border border-border p-4 transition-colors hover:bg-muted',
          'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
          thread.unread > 0 && 'border-primary/50 bg-accent/40',
        )}
      >
        <Avatar name={thread.other.name} src={thread.other.profilePhotoPath} size="sm" />
        <span className="flex min-w-0 flex-1 flex-col gap-0.5">
          <span className="flex items-baseline justify-between gap-3">
            <span className="truncate font-medium">{thread.other.name}</span>
            {last ? (
              <span className="shrink-0 text-xs text-muted-foreground">{formatRelative(last.createdAt, now)}</span>
            ) : null}
          </span>
          <span className="truncate text-sm text-muted-foreground">
            {last ? `${last.fromMe ? 'You: ' : ''}${last.body}` : 'No messages yet'}
          </span>
        </span>
        {thread.unread > 0 ? (
          <span className="shrink-0 rounded-full bg-danger px-2 py-0.5 text-xs font-semibold text-danger-foreground">
            {thread.unread} unread
          </span>
        ) : null}
        {!thread.canSend ? <span className="sr-only">(closed)</span> : null}
      </Link>
    </li>
  );
}

function AdminOverview() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.messages.overview.queryOptions());
  const timeZone = useViewerTimeZone();
  if (overview.isPending) return <LoadingState label="Loading conversations…" className="mt-8" />;
  if (overview.isError)
    return (
      <ErrorState error={overview.error} title="Could not load conversations" onRetry={() => overview.refetch()} />
    );
  return (
    <>
      <p className="mt-2 text-muted-foreground">
        Conversations between coaches and clients. Opening one is recorded in the audit log as a read of the client’s
        health data.
      </p>
      {overview.data.length === 0 ? (
        <EmptyState className="mt-8" icon={<MessageSquareIcon className="size-6" />} title="No conversations yet" />
      ) : (
        <ul aria-label="Conversations" className="mt-8 flex flex-col gap-2">
          {overview.data.map((thread) => (
            <li key={thread.id}>
              <Link
                to="/messages/$threadId"
                params={{ threadId: thread.id }}
                className="flex flex-col gap-0.5 rounded-xl border border-border p-4 transition-colors hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring sm:flex-row sm:items-center sm:justify-between"
              >
                <span className="font-medium">
                  {thread.coach.name} and {thread.client.name}
                </span>
                <span className="text-sm text-muted-foreground">
                  {thread.messages} message{thread.messages === 1 ? '' : 's'} · last{' '}
                  {formatDateTime(thread.lastMessageAt, timeZone)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
