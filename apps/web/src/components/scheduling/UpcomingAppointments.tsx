import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { CalendarIcon } from 'lucide-react';
import { useViewer } from '../../auth/viewer';
import { useTRPC } from '../../trpc';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { ErrorState } from '../ui/ErrorState';
import { Skeleton } from '../ui/Skeleton';
import { AppointmentSummary } from './AppointmentSummary';
import { useNow, useViewerTimeZone } from './use-time-zone';

/** The next few sessions, for a dashboard card; links on to the full list (and to booking, for clients). */
export function UpcomingAppointments({ limit = 3 }: { limit?: number }) {
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const timeZone = useViewerTimeZone();
  const now = useNow();
  const upcoming = useQuery(trpc.scheduling.appointments.queryOptions({ scope: 'upcoming', limit }));
  if (!viewer) return null;
  if (upcoming.isPending) {
    return (
      <div aria-busy="true" className="flex flex-col gap-2">
        <Skeleton className="h-16 w-full" />
        <Skeleton className="h-16 w-full" />
      </div>
    );
  }
  if (upcoming.isError) {
    return (
      <ErrorState error={upcoming.error} title="Could not load your sessions" onRetry={() => upcoming.refetch()} />
    );
  }
  if (upcoming.data.items.length === 0) {
    return (
      <EmptyState
        icon={<CalendarIcon className="size-6" />}
        title="No sessions booked"
        description={
          viewer.role === 'client'
            ? 'Pick a coach and a time that suits you.'
            : 'Sessions clients book with you show up here.'
        }
        action={
          viewer.role === 'client' ? (
            <Button asChild>
              <Link to="/book">Book a session</Link>
            </Button>
          ) : viewer.role === 'coach' ? (
            <Button asChild variant="outline">
              <Link to="/availability">Set your availability</Link>
            </Button>
          ) : null
        }
      />
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <ul aria-label="Next sessions" className="flex flex-col gap-2">
        {upcoming.data.items.map((appointment) => (
          <li key={appointment.id}>
            <AppointmentSummary appointment={appointment} viewer={viewer} timeZone={timeZone} now={now} />
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <Button asChild variant="outline" size="sm">
          <Link to={viewer.role === 'coach' ? '/agenda' : '/appointments'}>
            {viewer.role === 'coach' ? 'Open your agenda' : 'All appointments'}
          </Link>
        </Button>
        {viewer.role === 'client' ? (
          <Button asChild variant="ghost" size="sm">
            <Link to="/book">Book another</Link>
          </Button>
        ) : null}
      </div>
    </div>
  );
}
