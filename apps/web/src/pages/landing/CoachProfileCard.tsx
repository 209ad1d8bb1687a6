import type { CoachCard } from '@hybridcoach/api';
import { StarIcon } from 'lucide-react';
import { Avatar } from '../../components/ui/Avatar';
import { Badge } from '../../components/ui/Badge';
import { Card } from '../../components/ui/Card';
import { formatCount, formatRating, timezoneCity } from '../../lib/format';

export function CoachProfileCard({ coach }: { coach: CoachCard }) {
  return (
    <Card className="flex h-full flex-col p-6">
      <div className="flex items-center gap-4">
        <Avatar name={coach.name} src={coach.photoUrl} size="lg" />
        <div className="min-w-0">
          <h3 className="text-lg font-semibold tracking-tight">{coach.name}</h3>
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
    </Card>
  );
}
