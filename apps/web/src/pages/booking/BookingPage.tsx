import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ArrowRightIcon, UsersIcon } from 'lucide-react';
import { useViewer } from '../../auth/viewer';
import { CoachCard, CoachCardsLoading, coachGridClass } from '../../components/coaches/CoachCard';
import { TimeZoneNote } from '../../components/scheduling/TimeZoneNote';
import type { CoachCard as CoachCardData } from '../../components/scheduling/types';
import { useChoosableTimeZone } from '../../components/scheduling/use-time-zone';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { useTRPC } from '../../trpc';

/** Step one of booking: choose a coach (photo, bio, level, rating). */
export function BookingPage() {
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const zone = useChoosableTimeZone();
  const timeZone = zone.timeZone;
  const coaches = useQuery(trpc.coach.list.queryOptions());
  // A coach books sessions with themselves only; clients and admins choose any coach.
  const shown = viewer?.role === 'coach' ? coaches.data?.filter((c) => c.id === viewer.id) : coaches.data;

  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Book a session · HybridCoach</title>
      <h1 className="text-3xl font-semibold tracking-tight">Book a session</h1>
      <p className="mt-2 max-w-2xl text-muted-foreground">
        {viewer?.role === 'client'
          ? 'Choose a coach, then a time that suits you. Sessions are 1:1 video calls.'
          : 'Choose a coach, then the client and a time.'}
      </p>
      <TimeZoneNote timeZone={timeZone} choice={zone} className="mt-3" />
      <div className="mt-8">
        {coaches.isPending ? (
          <CoachCardsLoading />
        ) : coaches.isError ? (
          <ErrorState error={coaches.error} title="Could not load the coaches" onRetry={() => coaches.refetch()} />
        ) : !shown || shown.length === 0 ? (
          <EmptyState
            icon={<UsersIcon className="size-6" />}
            title={
              viewer?.role === 'coach' ? 'You are not taking bookings' : 'No coaches are taking bookings right now'
            }
            description={
              viewer?.role === 'coach' ? (
                <>
                  Turn bookings on in{' '}
                  <Link to="/availability" className="font-medium text-primary underline-offset-2 hover:underline">
                    your availability
                  </Link>
                  .
                </>
              ) : (
                'Check back soon.'
              )
            }
          />
        ) : (
          <ul className={coachGridClass}>
            {shown.map((coach) => (
              <li key={coach.id}>
                <BookableCoachCard coach={coach} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function BookableCoachCard({ coach }: { coach: CoachCardData }) {
  return (
    <CoachCard coach={coach} heading="h2">
      <Button asChild className="mt-5 w-full">
        <Link to="/book/$coachId" params={{ coachId: coach.id }} aria-describedby={`coach-${coach.id}`}>
          See open times
          <ArrowRightIcon className="size-4" />
        </Link>
      </Button>
    </CoachCard>
  );
}
