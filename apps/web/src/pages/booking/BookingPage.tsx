import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ArrowRightIcon, StarIcon, UsersIcon } from 'lucide-react';
import { useViewer } from '../../auth/viewer';
import { TimeZoneNote } from '../../components/scheduling/TimeZoneNote';
import type { CoachCard } from '../../components/scheduling/types';
import { useViewerTimeZone } from '../../components/scheduling/use-time-zone';
import { Avatar } from '../../components/ui/Avatar';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { Skeleton } from '../../components/ui/Skeleton';
import { formatCount, formatRating, timezoneCity } from '../../lib/format';
import { useTRPC } from '../../trpc';

/** Step one of booking: choose a coach (photo, bio, level, rating). */
export function BookingPage() {
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const timeZone = useViewerTimeZone();
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
      <TimeZoneNote timeZone={timeZone} className="mt-3" />
      <div className="mt-8">
        {coaches.isPending ? (
          <div role="status" className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
            <span className="sr-only">Loading coaches…</span>
            {['a', 'b', 'c'].map((key) => (
              <Card key={key} className="flex flex-col gap-4 p-6">
                <div className="flex items-center gap-4">
                  <Skeleton circle className="size-16" />
                  <div className="flex-1 space-y-2">
                    <Skeleton className="h-5 w-32" />
                    <Skeleton className="h-4 w-20" />
                  </div>
                </div>
                <Skeleton className="h-16 w-full" />
              </Card>
            ))}
          </div>
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
          <ul className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
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

function BookableCoachCard({ coach }: { coach: CoachCard }) {
  const headingId = `coach-${coach.id}`;
  return (
    <Card className="flex h-full flex-col p-6" aria-labelledby={headingId} role="article">
      <div className="flex items-center gap-4">
        <Avatar name={coach.name} src={coach.photoUrl} size="lg" />
        <div className="min-w-0">
          <h2 id={headingId} className="text-lg font-semibold tracking-tight">
            {coach.name}
          </h2>
          <p className="text-sm text-muted-foreground">Based on {timezoneCity(coach.timezone)} time</p>
        </div>
      </div>
      <p className="mt-4 flex-1 text-sm leading-relaxed text-muted-foreground">
        {coach.bio ?? 'This coach hasn’t written a bio yet.'}
      </p>
      <div className="mt-5 flex flex-wrap items-center gap-2 text-sm">
        {coach.coachLevel !== null ? <Badge tone="brand">Level {coach.coachLevel}</Badge> : null}
        <span className="text-muted-foreground">
          {coach.sessionsCompleted === 0
            ? 'New coach'
            : `${formatCount(coach.sessionsCompleted)} ${coach.sessionsCompleted === 1 ? 'session' : 'sessions'}`}
        </span>
        <span className="ml-auto inline-flex items-center gap-1 font-medium">
          {coach.averageRating === null ? (
            <span className="font-normal text-muted-foreground">No ratings yet</span>
          ) : (
            <>
              <StarIcon className="size-4 fill-amber-400 text-amber-500" />
              {formatRating(coach.averageRating)}
              <span className="sr-only"> out of 5 average rating</span>
            </>
          )}
        </span>
      </div>
      <Button asChild className="mt-5 w-full">
        <Link to="/book/$coachId" params={{ coachId: coach.id }} aria-describedby={headingId}>
          See open times
          <ArrowRightIcon className="size-4" />
        </Link>
      </Button>
    </Card>
  );
}
