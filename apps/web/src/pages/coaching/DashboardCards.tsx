import { coachNameOf } from '@hybridcoach/api/format';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Badge } from '../../components/ui/Badge';
import { ErrorState } from '../../components/ui/ErrorState';
import { Skeleton } from '../../components/ui/Skeleton';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { statusLabels } from '../sessions/SessionsPage';

/** The client's recap, goals and homework, in the dashboard's cards. */
export function useClientDashboard() {
  const trpc = useTRPC();
  return useQuery(trpc.coaching.dashboard.client.queryOptions());
}

/** The coach's drafts to review, clients with overdue homework and today's sessions. */
export function useCoachDashboard() {
  const trpc = useTRPC();
  return useQuery(trpc.coaching.dashboard.coach.queryOptions());
}

type Query<T> = { isPending: boolean; isError: boolean; error: unknown; data?: T; refetch: () => unknown };

function Loaded<T>({ query, children }: { query: Query<T>; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Skeleton className="h-16 w-full" />;
  if (query.isError || !query.data)
    return <ErrorState error={query.error} title="Could not load this" onRetry={() => query.refetch()} />;
  return <>{children(query.data)}</>;
}

type ClientData = ReturnType<typeof useClientDashboard>;
type CoachData = ReturnType<typeof useCoachDashboard>;

export function LatestRecap({ query, timeZone }: { query: ClientData; timeZone: string }) {
  return (
    <Loaded query={query}>
      {(d) =>
        d.latestRecap ? (
          <article className="flex flex-col gap-2 text-sm" data-testid="latest-recap">
            <p className="text-xs text-muted-foreground">
              {coachNameOf(d.latestRecap.coach)} · {formatDateTime(d.latestRecap.scheduledFor, timeZone)}
            </p>
            <p className="whitespace-pre-line">{d.latestRecap.summary}</p>
            <Link
              to="/sessions/$appointmentId"
              params={{ appointmentId: d.latestRecap.appointmentId }}
              className="self-start font-medium underline"
            >
              Open the session
            </Link>
          </article>
        ) : (
          <p className="text-sm text-muted-foreground">Your coach’s recap appears here after they publish it.</p>
        )
      }
    </Loaded>
  );
}

export function GoalsSummary({ query }: { query: ClientData }) {
  return (
    <Loaded query={query}>
      {(d) =>
        d.goals.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            No goals yet.{' '}
            <Link to="/goals" className="underline">
              Set one
            </Link>
            .
          </p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {d.goals.map((g) => (
              <li key={g.id} className="flex items-center justify-between gap-2">
                <span>{g.title}</span>
                <span className="text-muted-foreground">
                  {g.progress.length > 0 ? g.progress.map((p) => p.rating).join(' → ') : 'no progress yet'}
                </span>
              </li>
            ))}
            <li>
              <Link to="/goals" className="font-medium underline">
                Progress over time
              </Link>
            </li>
          </ul>
        )
      }
    </Loaded>
  );
}

export function HomeworkDue({ query, timeZone }: { query: ClientData; timeZone: string }) {
  return (
    <Loaded query={query}>
      {(d) =>
        d.homework.length === 0 ? (
          <p className="text-sm text-muted-foreground">No homework open.</p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {d.homework.map((h) => (
              <li key={h.id} className="flex items-center justify-between gap-2">
                <span>{h.exercise.title}</span>
                <span className="flex items-center gap-2 text-muted-foreground">
                  {h.dueDate ? formatDateTime(h.dueDate, timeZone) : 'no due date'}
                  {h.overdue ? <Badge tone="danger">Overdue</Badge> : null}
                </span>
              </li>
            ))}
            <li>
              <Link to="/homework" className="font-medium underline">
                All homework
              </Link>
            </li>
          </ul>
        )
      }
    </Loaded>
  );
}

export function DraftsToReview({ query, timeZone }: { query: CoachData; timeZone: string }) {
  return (
    <Loaded query={query}>
      {(d) =>
        d.draftsToReview.length === 0 ? (
          <p className="text-sm text-muted-foreground">No recap waits for you.</p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {d.draftsToReview.map((a) => (
              <li key={a.id} className="flex items-center justify-between gap-2">
                <span>
                  {a.client.displayName} · {formatDateTime(a.scheduledFor, timeZone)}
                </span>
                <Link
                  to="/sessions/$appointmentId/recap"
                  params={{ appointmentId: a.id }}
                  className="font-medium underline"
                >
                  Review recap
                </Link>
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}

export function OverdueHomework({ query }: { query: CoachData }) {
  return (
    <Loaded query={query}>
      {(d) =>
        d.overdueHomework.length === 0 ? (
          <p className="text-sm text-muted-foreground">No client is behind on homework.</p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {d.overdueHomework.map((o) => (
              <li key={o.clientId} className="flex items-center justify-between gap-2">
                <Link to="/clients/$clientId/coaching" params={{ clientId: o.clientId }} className="underline">
                  {o.clientName}
                </Link>
                <Badge tone="danger">{o.overdue} overdue</Badge>
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}

export function TodayAgenda({ query, timeZone }: { query: CoachData; timeZone: string }) {
  return (
    <Loaded query={query}>
      {(d) =>
        d.today.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing booked today.</p>
        ) : (
          <ul className="flex flex-col gap-2 text-sm">
            {d.today.map((a) => (
              <li key={a.id} className="flex items-center justify-between gap-2">
                <span>
                  {formatDateTime(a.scheduledFor, timeZone)} · {a.client.displayName}
                </span>
                <Badge tone={a.status === 'no_show' ? 'warning' : 'neutral'}>{statusLabels[a.status]}</Badge>
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}
