import { useInfiniteQuery } from '@tanstack/react-query';
import { CalendarIcon } from 'lucide-react';
import type { Viewer } from '../../auth/viewer';
import { AppointmentSummary } from '../../components/scheduling/AppointmentSummary';
import { useNow } from '../../components/scheduling/use-time-zone';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { Skeleton } from '../../components/ui/Skeleton';
import { useTRPC } from '../../trpc';
import type { AppointmentScope } from './appointment-search';

const PAGE_SIZE = 10;

/** Upcoming (soonest first) or past (latest first) appointments, a page at a time. */
export function AppointmentList({
  scope,
  viewer,
  timeZone,
  label,
}: {
  scope: AppointmentScope;
  viewer: Viewer;
  timeZone: string;
  label: string;
}) {
  const trpc = useTRPC();
  const now = useNow();
  const list = useInfiniteQuery(
    trpc.scheduling.appointments.infiniteQueryOptions(
      { scope, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );

  if (list.isPending) {
    return (
      <ul aria-busy="true" aria-label={`Loading ${label.toLowerCase()}`} className="flex flex-col gap-2">
        {[0, 1, 2].map((n) => (
          <li key={n} className="flex items-center gap-3 rounded-xl border border-border p-3">
            <Skeleton circle className="size-10" />
            <div className="flex flex-1 flex-col gap-2">
              <Skeleton className="h-4 w-56" />
              <Skeleton className="h-3 w-40" />
            </div>
          </li>
        ))}
      </ul>
    );
  }
  // A failed "Load more" keeps the pages already shown; only a failed first page replaces them.
  if (!list.data) {
    return <ErrorState error={list.error} title="Could not load the appointments" onRetry={() => list.refetch()} />;
  }
  const items = list.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <EmptyState
        icon={<CalendarIcon className="size-6" />}
        title={scope === 'upcoming' ? 'No upcoming sessions' : 'No past sessions yet'}
        description={
          scope === 'upcoming'
            ? viewer.role === 'client'
              ? 'Book a session with a coach and it shows up here.'
              : 'Sessions clients book with you show up here.'
            : 'Sessions appear here once they are over or cancelled.'
        }
      />
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <ul aria-label={label} className="flex flex-col gap-2">
        {items.map((appointment) => (
          <li key={appointment.id}>
            <AppointmentSummary appointment={appointment} viewer={viewer} timeZone={timeZone} now={now} />
          </li>
        ))}
      </ul>
      {list.hasNextPage ? (
        <Button
          variant="outline"
          className="self-center"
          disabled={list.isFetchingNextPage}
          onClick={() => list.fetchNextPage()}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      ) : null}
      {list.isFetchNextPageError ? (
        <ErrorState error={list.error} title="Could not load more" onRetry={() => list.fetchNextPage()} />
      ) : null}
    </div>
  );
}
