import { getRouteApi, Link } from '@tanstack/react-router';
import { useViewer } from '../../auth/viewer';
import { TimeZoneNote } from '../../components/scheduling/TimeZoneNote';
import { useViewerTimeZone } from '../../components/scheduling/use-time-zone';
import { Button } from '../../components/ui/Button';
import { cx } from '../../lib/class-names';
import { AppointmentList } from './AppointmentList';
import type { AppointmentScope } from './appointment-search';
import { CalendarFeedCard } from './CalendarFeedCard';

const route = getRouteApi('/signed-in/appointments');

const tabClass = cx(
  'rounded-lg px-4 py-2 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground',
  'aria-[current=page]:bg-card aria-[current=page]:text-foreground aria-[current=page]:shadow-sm',
);

/** My appointments, upcoming and past (every appointment, for an admin), and my calendar feed. */
export function AppointmentsPage() {
  const { scope = 'upcoming' } = route.useSearch();
  const viewer = useViewer().data;
  const timeZone = useViewerTimeZone();
  if (!viewer) return null;
  const scopes: { value: AppointmentScope; label: string }[] = [
    { value: 'upcoming', label: 'Upcoming' },
    { value: 'past', label: 'Past' },
  ];
  const bookButton = (
    <Button asChild>
      <Link to="/book">Book a session</Link>
    </Button>
  );
  const title = viewer.role === 'admin' ? 'All appointments' : 'Appointments';

  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>{`${title} · HybridCoach`}</title>
      <header className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">{title}</h1>
          <TimeZoneNote timeZone={timeZone} className="mt-2" />
        </div>
        {viewer.role === 'client' ? bookButton : null}
      </header>
      <div className="mt-8 grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="flex flex-col gap-4">
          <nav aria-label="Which appointments" className="self-start rounded-xl bg-muted p-1">
            <ul className="flex gap-1">
              {scopes.map((item) => (
                <li key={item.value}>
                  <Link
                    to="/appointments"
                    search={item.value === 'upcoming' ? {} : { scope: item.value }}
                    // Exact, search included: "Upcoming" is not also current on ?scope=past.
                    activeOptions={{ exact: true, includeSearch: true }}
                    className={tabClass}
                  >
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <AppointmentList
            key={scope}
            scope={scope}
            viewer={viewer}
            timeZone={timeZone}
            label={scope === 'upcoming' ? 'Upcoming appointments' : 'Past appointments'}
          />
        </div>
        <CalendarFeedCard />
      </div>
    </section>
  );
}
