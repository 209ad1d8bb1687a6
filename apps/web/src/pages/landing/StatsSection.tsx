import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ErrorState } from '../../components/ui/ErrorState';
import { Skeleton } from '../../components/ui/Skeleton';
import { formatCount, formatRating } from '../../lib/format';
import { useTRPC } from '../../trpc';

interface Stat {
  label: string;
  value: string;
  detail?: string;
}

function StatTile({ label, value, detail }: Stat) {
  return (
    // dt before dd for the reading order; flex-col-reverse puts the number on top.
    <div className="flex flex-col-reverse gap-1 rounded-2xl border border-border bg-card p-5">
      <dt className="text-sm text-muted-foreground">
        {label}
        {detail ? <span className="sr-only"> ({detail})</span> : null}
      </dt>
      <dd className="text-3xl font-semibold tracking-tight tabular-nums">{value}</dd>
    </div>
  );
}

const labels = ['Sessions completed', 'Transcript lines saved', 'Average session rating', 'Upcoming sessions'];

export function StatsSection() {
  const trpc = useTRPC();
  const stats = useQuery(trpc.session.stats.queryOptions());

  let body: ReactNode;
  if (stats.isPending) {
    body = (
      <div role="status" className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        <span className="sr-only">Loading the numbers…</span>
        {labels.map((label) => (
          <div key={label} className="flex flex-col gap-2 rounded-2xl border border-border bg-card p-5">
            <Skeleton className="h-8 w-16" />
            <p className="text-sm text-muted-foreground" aria-hidden="true">
              {label}
            </p>
          </div>
        ))}
      </div>
    );
  } else if (stats.isError) {
    body = (
      <ErrorState error={stats.error} title="The numbers could not be loaded" onRetry={() => void stats.refetch()} />
    );
  } else {
    const { sessionsCompleted, transcriptSegments, averageRating, upcomingAppointments } = stats.data;
    const tiles: Stat[] = [
      { label: 'Sessions completed', value: formatCount(sessionsCompleted) },
      { label: 'Transcript lines saved', value: formatCount(transcriptSegments) },
      averageRating === null
        ? { label: 'Average session rating', value: '—', detail: 'no ratings yet' }
        : {
            label: 'Average session rating',
            value: `${formatRating(averageRating)} / 5`,
            detail: 'out of 5',
          },
      { label: 'Upcoming sessions', value: formatCount(upcomingAppointments) },
    ];
    body = (
      <dl className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-4">
        {tiles.map((tile) => (
          <StatTile key={tile.label} {...tile} />
        ))}
      </dl>
    );
  }

  return (
    <section aria-labelledby="stats-heading" className="mx-auto max-w-6xl px-4 sm:px-6">
      <h2 id="stats-heading" className="mb-4 text-sm font-semibold text-muted-foreground">
        HybridCoach so far
      </h2>
      {body}
    </section>
  );
}
