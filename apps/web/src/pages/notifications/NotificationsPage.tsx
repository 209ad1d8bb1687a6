import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { BellIcon } from 'lucide-react';
import type { AppNotification } from '../../components/scheduling/types';
import { useNow, useViewerTimeZone } from '../../components/scheduling/use-time-zone';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { Skeleton } from '../../components/ui/Skeleton';
import { cx } from '../../lib/class-names';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime, formatRelative } from '../../lib/format';
import { useTRPC } from '../../trpc';

/** Only links inside the app are followed from a notification. */
function internalPath(url: string | null): string | null {
  return url?.startsWith('/') && !url.startsWith('//') ? url : null;
}

/** What happened to my sessions, newest first; unread ones stand out and can be marked read. */
export function NotificationsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useViewerTimeZone();
  const now = useNow(60_000);
  const list = useInfiniteQuery(
    trpc.notification.list.infiniteQueryOptions({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const refresh = () => queryClient.invalidateQueries(trpc.notification.pathFilter());
  const markRead = useMutation(trpc.notification.markRead.mutationOptions({ onSuccess: refresh }));
  const markAll = useMutation(trpc.notification.markAllRead.mutationOptions({ onSuccess: refresh }));
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const unread = items.filter((n) => !n.isRead).length;
  const failure = markRead.error ?? markAll.error;

  return (
    <section className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6">
      <title>Notifications · HybridCoach</title>
      <header className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">Notifications</h1>
          <p className="mt-2 text-muted-foreground" aria-live="polite">
            {list.data ? (unread === 0 ? 'You are all caught up.' : `${unread} unread`) : ' '}
          </p>
        </div>
        {unread > 0 ? (
          <Button variant="outline" disabled={markAll.isPending} onClick={() => markAll.mutate()}>
            {markAll.isPending ? 'Marking…' : 'Mark all as read'}
          </Button>
        ) : null}
      </header>
      {failure ? (
        <Alert tone="danger" role="alert" title="That did not work" className="mt-6">
          {errorMessage(failure)}
        </Alert>
      ) : null}
      <div className="mt-8">
        {list.isPending ? (
          <ul aria-busy="true" aria-label="Loading notifications" className="flex flex-col gap-2">
            {[0, 1, 2].map((n) => (
              <li key={n} className="flex flex-col gap-2 rounded-xl border border-border p-4">
                <Skeleton className="h-4 w-40" />
                <Skeleton className="h-3 w-full" />
              </li>
            ))}
          </ul>
        ) : !list.data ? (
          <ErrorState error={list.error} title="Could not load notifications" onRetry={() => list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<BellIcon className="size-6" />}
            title="No notifications yet"
            description="You are told here when a session is booked, moved, reassigned or cancelled."
          />
        ) : (
          <div className="flex flex-col gap-4">
            <ul aria-label="Notifications" className="flex flex-col gap-2">
              {items.map((notification) => (
                <NotificationRow
                  key={notification.id}
                  notification={notification}
                  timeZone={timeZone}
                  now={now}
                  marking={markRead.isPending && markRead.variables?.ids.includes(notification.id) === true}
                  onRead={() => markRead.mutate({ ids: [notification.id] })}
                />
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
          </div>
        )}
      </div>
    </section>
  );
}

function NotificationRow({
  notification,
  timeZone,
  now,
  marking,
  onRead,
}: {
  notification: AppNotification;
  timeZone: string;
  now: Date;
  marking: boolean;
  onRead: () => void;
}) {
  const navigate = useNavigate();
  const path = internalPath(notification.actionUrl);
  const titleId = `notification-${notification.id}`;
  return (
    <li
      aria-labelledby={titleId}
      className={cx(
        'flex flex-col gap-3 rounded-xl border p-4 sm:flex-row sm:items-start',
        notification.isRead ? 'border-border bg-card' : 'border-brand-300 bg-accent/70 dark:border-brand-700',
      )}
    >
      <span
        aria-hidden="true"
        className={cx(
          'mt-1.5 hidden size-2.5 shrink-0 rounded-full sm:block',
          notification.isRead ? 'bg-transparent' : 'bg-primary',
        )}
      />
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <p id={titleId} className="font-medium">
          {notification.isRead ? null : <span className="sr-only">Unread: </span>}
          {notification.title}
        </p>
        <p className="text-sm text-muted-foreground">{notification.message}</p>
        <p className="text-xs text-muted-foreground">
          <time
            dateTime={notification.createdAt.toISOString()}
            title={formatDateTime(notification.createdAt, timeZone)}
          >
            {formatRelative(notification.createdAt, now)}
          </time>
        </p>
      </div>
      <div className="flex shrink-0 gap-2">
        {path ? (
          <Button asChild variant="outline" size="sm">
            {/* The path comes from the server and may be any page of the app: followed by href. */}
            <a
              href={path}
              onClick={(event) => {
                if (!notification.isRead) onRead();
                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
                event.preventDefault();
                void navigate({ href: path });
              }}
            >
              Open<span className="sr-only">: {notification.title}</span>
            </a>
          </Button>
        ) : null}
        {notification.isRead ? null : (
          <Button variant="ghost" size="sm" disabled={marking} onClick={onRead}>
            {marking ? 'Marking…' : 'Mark read'}
            <span className="sr-only">: {notification.title}</span>
          </Button>
        )}
      </div>
    </li>
  );
}
