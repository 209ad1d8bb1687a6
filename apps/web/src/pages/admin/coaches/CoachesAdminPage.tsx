import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { UsersIcon } from 'lucide-react';
import { AdminTabs } from '../../../components/admin/AdminTabs';
import { CoachCard, CoachCardsLoading, coachGridClass } from '../../../components/coaches/CoachCard';
import { Badge } from '../../../components/ui/Badge';
import { EmptyState } from '../../../components/ui/EmptyState';
import { ErrorState } from '../../../components/ui/ErrorState';
import type { RouterOutputs } from '../../../lib/api-types';
import { formatCount } from '../../../lib/format';
import { useTRPC } from '../../../trpc';
import { CoachLevelForm } from './CoachLevelForm';

type CoachRow = RouterOutputs['admin']['coaches']['list'][number];

/** Every coach as clients see them, with what an admin watches and the level to set. */
export function CoachesAdminPage() {
  const trpc = useTRPC();
  const coaches = useQuery(trpc.admin.coaches.list.queryOptions());
  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Coaches · HybridCoach</title>
      <AdminTabs className="mb-6" />
      <h1 className="text-3xl font-semibold tracking-tight">Coaches</h1>
      <p className="mt-2 max-w-3xl text-muted-foreground">
        Each coach’s card as clients see it, with their bookings and no-shows. A no-show is a session whose time is over
        and that the coach (or the client) never joined. Levels show on the card.
      </p>
      <div className="mt-8">
        {coaches.isPending ? (
          <CoachCardsLoading />
        ) : coaches.isError ? (
          <ErrorState error={coaches.error} title="Could not load the coaches" onRetry={() => coaches.refetch()} />
        ) : coaches.data.length === 0 ? (
          <EmptyState
            icon={<UsersIcon className="size-6" />}
            title="No coaches yet"
            description="Ultra members become coaches when the Skool sync adds them."
          />
        ) : (
          <ul className={coachGridClass}>
            {coaches.data.map((coach) => (
              <li key={coach.id}>
                <AdminCoachCard coach={coach} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function AdminCoachCard({ coach }: { coach: CoachRow }) {
  return (
    <CoachCard coach={coach} heading="h2">
      <div className="mt-4 flex flex-col gap-4 border-t border-border pt-4">
        <div className="flex flex-wrap gap-2">
          {coach.isAvailable ? (
            <Badge tone="success">Taking bookings</Badge>
          ) : (
            <Badge tone="warning">Not taking bookings</Badge>
          )}
        </div>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm">
          <dt className="text-muted-foreground">Upcoming sessions</dt>
          <dd className="text-right tabular-nums">{formatCount(coach.upcoming)}</dd>
          <dt className="text-muted-foreground">Ratings</dt>
          <dd className="text-right tabular-nums">{formatCount(coach.ratings)}</dd>
          <dt className="text-muted-foreground">Coach no-shows</dt>
          <dd className="text-right tabular-nums">{formatCount(coach.noShows.coach)}</dd>
          <dt className="text-muted-foreground">Client no-shows</dt>
          <dd className="text-right tabular-nums">{formatCount(coach.noShows.client)}</dd>
        </dl>
        <CoachLevelForm coachId={coach.id} coachName={coach.name} level={coach.coachLevel} />
        <Link
          to="/admin/users/$userId"
          params={{ userId: coach.id }}
          className="text-sm font-medium text-primary underline-offset-2 hover:underline"
        >
          Account, role and relationships<span className="sr-only"> of {coach.name}</span>
        </Link>
      </div>
    </CoachCard>
  );
}
