import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { describeZone } from '../../components/scheduling/time-format';
import { Badge } from '../../components/ui/Badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { useTRPC } from '../../trpc';
import { BookingRulesForm } from './BookingRulesForm';
import { OneOffWindows } from './OneOffWindows';
import { TimeOffForm } from './TimeOffForm';
import { WeeklyHoursForm } from './WeeklyHoursForm';

function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  children: ReactNode;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-24">
      <Card>
        <CardHeader>
          <CardTitle as="h2" id={`${id}-title`}>
            {title}
          </CardTitle>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent>{children}</CardContent>
      </Card>
    </section>
  );
}

/** The coach's availability editor: weekly hours, extra dates, time off and booking rules. */
export function AvailabilityPage() {
  const trpc = useTRPC();
  const availability = useQuery(trpc.scheduling.availability.queryOptions({}));

  return (
    <div className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      <title>Availability · HybridCoach</title>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-semibold tracking-tight">Availability</h1>
        {availability.data ? (
          <Badge tone={availability.data.rules.isAvailable ? 'success' : 'warning'}>
            {availability.data.rules.isAvailable ? 'Taking bookings' : 'Bookings paused'}
          </Badge>
        ) : null}
      </div>
      <p className="mt-2 text-muted-foreground">
        When clients can book you. They see these times in their own time zone.
      </p>
      {availability.isPending ? (
        <LoadingState label="Loading your availability…" className="mt-8" />
      ) : availability.isError ? (
        <ErrorState
          error={availability.error}
          title="Could not load your availability"
          onRetry={() => availability.refetch()}
          className="mt-8"
        />
      ) : (
        <>
          <p className="mt-2 text-sm text-muted-foreground">
            Hours here are in{' '}
            <strong className="font-medium text-foreground">{describeZone(availability.data.rules.timezone)}</strong>,
            your time zone.{' '}
            <Link to="/settings" hash="profile" className="font-medium text-primary underline-offset-2 hover:underline">
              Change it in settings
            </Link>
            .
          </p>
          <div className="mt-8 flex flex-col gap-6">
            <Section id="weekly-hours" title="Weekly hours" description="The hours you take sessions, every week.">
              <WeeklyHoursForm availability={availability.data} />
            </Section>
            <Section
              id="extra-hours"
              title="Extra hours"
              description="One-off hours on particular dates, on top of your weekly hours."
            >
              <OneOffWindows availability={availability.data} />
            </Section>
            <Section
              id="time-off"
              title="Time off"
              description="Days or hours when you cannot take sessions, such as holidays. Booked sessions stay; move or cancel them separately."
            >
              <TimeOffForm availability={availability.data} />
            </Section>
            <Section
              id="booking-rules"
              title="Booking rules"
              description="Breathing room between sessions, and how soon and how far ahead clients can book."
            >
              <BookingRulesForm key={availability.data.rules.id} rules={availability.data.rules} />
            </Section>
          </div>
        </>
      )}
    </div>
  );
}
