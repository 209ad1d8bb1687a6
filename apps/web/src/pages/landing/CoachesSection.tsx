import { useQuery } from '@tanstack/react-query';
import { CoachCard, CoachCardsLoading, coachGridClass } from '../../components/coaches/CoachCard';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { useTRPC } from '../../trpc';

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
    <ul className={coachGridClass}>
      {coaches.data.map((coach) => (
        <li key={coach.id}>
          <CoachCard coach={coach} />
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
