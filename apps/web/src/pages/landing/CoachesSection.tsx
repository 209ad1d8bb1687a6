import { useQuery } from '@tanstack/react-query';
import { Card } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { Skeleton } from '../../components/ui/Skeleton';
import { useTRPC } from '../../trpc';
import { CoachProfileCard } from './CoachProfileCard';

const gridClass = 'grid gap-6 sm:grid-cols-2 lg:grid-cols-3';

function CoachCardsLoading() {
  return (
    <div role="status" className={gridClass}>
      <span className="sr-only">Loading coaches…</span>
      {['a', 'b', 'c'].map((key) => (
        <Card key={key} className="p-6">
          <div className="flex items-center gap-4">
            <Skeleton circle className="size-16" />
            <div className="flex-1 space-y-2">
              <Skeleton className="h-5 w-32" />
              <Skeleton className="h-4 w-20" />
            </div>
          </div>
          <div className="mt-5 space-y-2">
            <Skeleton className="h-4 w-full" />
            <Skeleton className="h-4 w-11/12" />
            <Skeleton className="h-4 w-3/4" />
          </div>
        </Card>
      ))}
    </div>
  );
}

function CoachCards() {
  const trpc = useTRPC();
  const coaches = useQuery(trpc.coach.list.queryOptions());

  if (coaches.isPending) return <CoachCardsLoading />;
  if (coaches.isError) {
    return (
      <ErrorState
        error={coaches.error}
        title="The coaches could not be loaded"
        onRetry={() => void coaches.refetch()}
      />
    );
  }
  if (coaches.data.length === 0) {
    return (
      <EmptyState
        title="No coaches are taking bookings right now"
        description="Coaches join from the Ultra community. Check back soon."
      />
    );
  }
  return (
    <ul className={gridClass}>
      {coaches.data.map((coach) => (
        <li key={coach.id}>
          <CoachProfileCard coach={coach} />
        </li>
      ))}
    </ul>
  );
}

export function CoachesSection() {
  return (
    <section id="coaches" aria-labelledby="coaches-heading" className="scroll-mt-20 border-t border-border bg-muted/50">
      <div className="mx-auto max-w-6xl px-4 py-20 sm:px-6 sm:py-24">
        <div className="max-w-2xl">
          <h2 id="coaches-heading" className="text-3xl font-semibold tracking-tight">
            Meet the coaches
          </h2>
          <p className="mt-3 text-muted-foreground">
            Experienced nervous-system and breathwork coaches from the Ultra community, each with their own focus.
          </p>
        </div>
        <div className="mt-10">
          <CoachCards />
        </div>
      </div>
    </section>
  );
}
