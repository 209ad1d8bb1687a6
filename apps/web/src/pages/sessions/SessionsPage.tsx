import { coachNameOf } from '@hybridcoach/api/format';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { FileTextIcon } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useViewer, type Viewer } from '../../auth/viewer';
import { Stars } from '../../components/session/Stars';
import { Badge, type BadgeTone } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import type { RouterOutputs } from '../../lib/api-types';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';

type SessionItem = RouterOutputs['session']['mine']['items'][number];

const PAGE_SIZE = 20;

export const statusLabels: Record<SessionItem['status'], string> = {
  scheduled: 'Scheduled',
  active: 'Live now',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'Missed',
};

export const statusTones: Record<SessionItem['status'], BadgeTone> = {
  scheduled: 'neutral',
  active: 'success',
  completed: 'brand',
  cancelled: 'warning',
  no_show: 'warning',
};

/** Sessions that took place: a client's own, a coach's with their clients, all for an admin. */
export function SessionsPage() {
  const viewer = useViewer().data;
  const trpc = useTRPC();
  const sessions = useInfiniteQuery(
    trpc.session.mine.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = sessions.data?.pages.flatMap((page) => page.items) ?? [];
  const [loadedNote, setLoadedNote] = useState('');
  const previousCount = useRef(0);

  // Say how many arrived after "Load more", so a screen reader knows the list grew.
  useEffect(() => {
    const pages = sessions.data?.pages.length ?? 0;
    if (pages > 1 && items.length > previousCount.current) {
      const added = items.length - previousCount.current;
      setLoadedNote(`${added} more session${added === 1 ? '' : 's'} loaded.`);
    }
    previousCount.current = items.length;
  }, [items.length, sessions.data?.pages.length]);

  if (!viewer) return null;
  return (
    <section className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      <title>Sessions · HybridCoach</title>
      <h1 className="text-3xl font-semibold tracking-tight">Sessions</h1>
      <p className="mt-2 text-muted-foreground">
        {viewer.role === 'client'
          ? 'Your past and live sessions: transcripts, chat, summaries and your ratings.'
          : viewer.role === 'coach'
            ? 'Sessions with your clients: transcripts, chat, summaries and ratings.'
            : 'Every session on HybridCoach.'}
      </p>
      <div className="mt-8">
        {sessions.isPending ? (
          <LoadingState label="Loading sessions…" />
        ) : !sessions.data ? (
          <ErrorState error={sessions.error} title="Could not load sessions" onRetry={() => sessions.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<FileTextIcon className="size-6" />}
            title="No sessions yet"
            description="Once a session has started, it appears here with its transcript, chat and summary."
          />
        ) : (
          <>
            <ul className="flex flex-col gap-3">
              {items.map((item) => (
                <SessionRow key={item.id} item={item} viewer={viewer} />
              ))}
            </ul>
            <div className="mt-6 flex flex-col items-center gap-2">
              {sessions.hasNextPage ? (
                <Button
                  variant="outline"
                  onClick={() => sessions.fetchNextPage()}
                  disabled={sessions.isFetchingNextPage}
                >
                  {sessions.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </Button>
              ) : (
                <p className="text-sm text-muted-foreground">
                  {items.length} session{items.length === 1 ? '' : 's'} in all.
                </p>
              )}
              {sessions.isFetchNextPageError ? (
                <p role="alert" className="text-sm font-medium text-danger">
                  {errorMessage(sessions.error)}
                </p>
              ) : null}
              <p role="status" className="sr-only">
                {loadedNote}
              </p>
            </div>
          </>
        )}
      </div>
    </section>
  );
}

function otherParty(item: SessionItem, viewer: Viewer): string {
  const coach = coachNameOf(item.coach);
  if (viewer.role === 'client') return `with ${coach}`;
  if (viewer.role === 'coach') return `with ${item.client.displayName}`;
  return `${coach} with ${item.client.displayName}`;
}

function SessionRow({ item, viewer }: { item: SessionItem; viewer: Viewer }) {
  const minutes = Math.round((item.endsAt.getTime() - item.scheduledFor.getTime()) / 60_000);
  return (
    <li className="relative flex flex-col gap-2 rounded-2xl border border-border bg-card p-4 transition-colors focus-within:border-ring hover:border-brand-300 sm:p-5 dark:hover:border-brand-700">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">
          {/* The link covers the card; everything else in it is plain text. */}
          <Link
            to="/sessions/$appointmentId"
            params={{ appointmentId: item.id }}
            className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none"
          >
            Session {otherParty(item, viewer)}
          </Link>
        </h2>
        <Badge tone={statusTones[item.status]}>{statusLabels[item.status]}</Badge>
      </div>
      <p className="text-sm text-muted-foreground">
        <time dateTime={item.scheduledFor.toISOString()}>{formatDateTime(item.scheduledFor, viewer.timezone)}</time> ·{' '}
        {minutes} min
      </p>
      {item.summary ? <p className="line-clamp-2 text-sm">{item.summary}</p> : null}
      <div className="flex flex-wrap items-center gap-3 text-sm text-muted-foreground">
        {item.rating ? <Stars rating={item.rating} /> : item.status === 'completed' ? <span>Not rated</span> : null}
        {item.status === 'active' ? (
          <Link
            to="/room/$appointmentId"
            params={{ appointmentId: item.id }}
            className="relative z-10 font-medium text-primary underline-offset-2 hover:underline"
          >
            Rejoin the room
          </Link>
        ) : null}
      </div>
    </li>
  );
}
