import type { CoachCard as Coach } from '@hybridcoach/api';
import { StarIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { formatCount, formatRating, timezoneCity } from '../../lib/format';
import { Avatar } from '../ui/Avatar';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { Skeleton } from '../ui/Skeleton';

export const coachGridClass = 'grid gap-6 sm:grid-cols-2 lg:grid-cols-3';

/**
 * A coach as clients choose one (landing page, booking): photo, where they are, bio, level,
 * sessions and rating, and an optional action below. The heading level follows the page.
 */
export function CoachCard({
  coach,
  heading: Heading = 'h3',
  children,
}: {
  coach: Coach;
  heading?: 'h2' | 'h3';
  children?: ReactNode;
}) {
  const headingId = `coach-${coach.id}`;
  return (
    <Card className="flex h-full flex-col p-6" aria-labelledby={headingId} role="article">
      <div className="flex items-center gap-4">
        <Avatar name={coach.name} src={coach.photoUrl} size="lg" />
        <div className="min-w-0">
          <Heading id={headingId} className="text-lg font-semibold tracking-tight">
            {coach.name}
          </Heading>
          <p className="text-sm text-muted-foreground">{timezoneCity(coach.timezone)} time</p>
        </div>
      </div>
      <p className="mt-4 flex-1 text-sm leading-relaxed text-muted-foreground">
        {coach.bio ?? 'This coach hasn’t written a bio yet.'}
      </p>
      <div className="mt-5 flex flex-wrap items-center gap-2 border-t border-border pt-4 text-sm">
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
              <span>
                {formatRating(coach.averageRating)}
                <span className="sr-only"> out of 5 average rating</span>
              </span>
            </>
          )}
        </span>
      </div>
      {children}
    </Card>
  );
}

/** Three placeholder cards while the coaches load. */
export function CoachCardsLoading() {
  return (
    <div role="status" className={coachGridClass}>
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
