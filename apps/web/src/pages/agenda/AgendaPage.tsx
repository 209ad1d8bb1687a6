import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { CalendarIcon, ChevronLeftIcon, ChevronRightIcon } from 'lucide-react';
import { useId } from 'react';
import { useViewer } from '../../auth/viewer';
import { AppointmentSummary } from '../../components/scheduling/AppointmentSummary';
import { TimeZoneNote } from '../../components/scheduling/TimeZoneNote';
import { formatLocalDate } from '../../components/scheduling/time-format';
import type { Appointment } from '../../components/scheduling/types';
import { useNow, useViewerTimeZone } from '../../components/scheduling/use-time-zone';
import { addDays, localPartsOf, startOfWeek, todayIn } from '../../components/scheduling/zoned-time';
import { Button } from '../../components/ui/Button';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { Label } from '../../components/ui/Label';
import { LoadingState } from '../../components/ui/LoadingState';
import { Select } from '../../components/ui/Select';
import { cx } from '../../lib/class-names';
import { useTRPC } from '../../trpc';
import type { AgendaSearch, AgendaView } from './agenda-search';
import { WeekGrid } from './WeekGrid';
import { workingHours } from './week-grid';

const route = getRouteApi('/signed-in/staff/agenda');

const segmentClass = cx(
  'rounded-lg px-4 py-1.5 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground',
  'aria-[current=page]:bg-card aria-[current=page]:text-foreground aria-[current=page]:shadow-sm',
);

/** A coach's day or week of sessions (an admin picks the coach), in the viewer's zone. */
export function AgendaPage() {
  const search = route.useSearch();
  const navigate = useNavigate();
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const timeZone = useViewerTimeZone();
  const now = useNow();
  const today = todayIn(timeZone, now);
  const view: AgendaView = search.view ?? 'week';
  const date = search.date ?? today;
  const from = view === 'week' ? startOfWeek(date) : date;
  const to = view === 'week' ? addDays(from, 6) : date;
  const admin = viewer?.role === 'admin';
  const coaches = useQuery({ ...trpc.coach.list.queryOptions(), enabled: admin });
  const coachId = admin ? (search.coachId ?? coaches.data?.[0]?.id) : undefined;
  const agenda = useQuery({
    ...trpc.scheduling.agenda.queryOptions({ from, to, timezone: timeZone, coachId }),
    enabled: !admin || Boolean(coachId),
    refetchInterval: 60_000,
  });
  // The coach's hours, to tell a free day from a day off.
  const availability = useQuery({
    ...trpc.scheduling.availability.queryOptions({ coachId }),
    enabled: view === 'week' && (!admin || Boolean(coachId)),
  });
  const coachSelectId = useId();
  const headingId = useId();

  const step = view === 'week' ? 7 : 1;
  const link = (next: AgendaSearch) => ({ ...search, ...next });
  const days = view === 'week' ? Array.from({ length: 7 }, (_, i) => addDays(from, i)) : [date];
  const byDay = new Map<string, Appointment[]>();
  for (const appointment of agenda.data ?? []) {
    const day = localPartsOf(appointment.scheduledFor, timeZone).date;
    byDay.set(day, [...(byDay.get(day) ?? []), appointment]);
  }
  const heading =
    view === 'week'
      ? `${formatLocalDate(from, 'short')} – ${formatLocalDate(to, 'short')}`
      : formatLocalDate(date, 'long');
  const total = agenda.data?.length ?? 0;

  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Agenda · HybridCoach</title>
      <header className="flex flex-col gap-2 sm:flex-row sm:items-end sm:justify-between">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">Agenda</h1>
          <TimeZoneNote timeZone={timeZone} className="mt-2" />
          {admin ? null : (
            <p className="mt-1 text-sm text-muted-foreground">
              <Link to="/appointments" className="font-medium text-primary underline-offset-2 hover:underline">
                All appointments and your calendar feed
              </Link>
            </p>
          )}
        </div>
        {admin ? (
          <div className="flex flex-col gap-2 sm:w-64">
            <Label htmlFor={coachSelectId}>Coach</Label>
            <Select
              id={coachSelectId}
              value={coachId ?? ''}
              onChange={(event) => navigate({ to: '.', search: link({ coachId: event.target.value }) })}
            >
              {coaches.data?.map((coach) => (
                <option key={coach.id} value={coach.id}>
                  {coach.name}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
      </header>

      <div className="mt-8 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex items-center gap-2">
          <Button asChild variant="outline" size="icon">
            <Link to="." search={link({ date: addDays(date, -step) })}>
              <ChevronLeftIcon />
              <span className="sr-only">{view === 'week' ? 'Previous week' : 'Previous day'}</span>
            </Link>
          </Button>
          <Button asChild variant="outline">
            <Link to="." search={link({ date: undefined })}>
              Today
            </Link>
          </Button>
          <Button asChild variant="outline" size="icon">
            <Link to="." search={link({ date: addDays(date, step) })}>
              <ChevronRightIcon />
              <span className="sr-only">{view === 'week' ? 'Next week' : 'Next day'}</span>
            </Link>
          </Button>
          <h2 id={headingId} aria-live="polite" className="ml-2 text-lg font-semibold tracking-tight">
            {heading}
          </h2>
        </div>
        <nav aria-label="Agenda view" className="self-start rounded-xl bg-muted p-1 sm:self-auto">
          <ul className="flex gap-1">
            {(['day', 'week'] as const).map((value) => (
              <li key={value}>
                <Link
                  to="."
                  search={link({ view: value === 'week' ? undefined : 'day' })}
                  aria-current={view === value ? 'page' : undefined}
                  activeOptions={{ exact: true }}
                  className={segmentClass}
                >
                  {value === 'day' ? 'Day' : 'Week'}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>

      <section className="mt-6" aria-labelledby={headingId} aria-busy={agenda.isFetching}>
        {agenda.isPending && (!admin || coachId) ? (
          <LoadingState label="Loading the agenda…" />
        ) : agenda.isError ? (
          <ErrorState error={agenda.error} title="Could not load the agenda" onRetry={() => agenda.refetch()} />
        ) : admin && !coachId ? (
          <EmptyState title="No coaches yet" description="Coaches appear here once they join." />
        ) : view === 'day' ? (
          total === 0 ? (
            <EmptyState
              icon={<CalendarIcon className="size-6" />}
              title="No sessions this day"
              description="Booked sessions appear here."
            />
          ) : (
            <ul aria-label={`Sessions on ${formatLocalDate(date, 'medium')}`} className="flex flex-col gap-2">
              {(byDay.get(date) ?? []).map((appointment) =>
                viewer ? (
                  <li key={appointment.id}>
                    <AppointmentSummary
                      appointment={appointment}
                      viewer={viewer}
                      timeZone={timeZone}
                      now={now}
                      showDate={false}
                    />
                  </li>
                ) : null,
              )}
            </ul>
          )
        ) : (
          <>
            <p className="mb-3 text-sm text-muted-foreground">
              {total === 0 ? 'No sessions this week.' : `${total} session${total === 1 ? '' : 's'} this week.`}
            </p>
            <WeekGrid
              days={days}
              today={today}
              timeZone={timeZone}
              byDay={byDay}
              hours={
                availability.data
                  ? workingHours(
                      days,
                      {
                        timezone: availability.data.rules.timezone,
                        weekly: availability.data.weekly,
                        oneOff: availability.data.oneOff,
                        timeOff: availability.data.timeOff,
                      },
                      timeZone,
                    )
                  : null
              }
              dayLink={(day) => link({ view: 'day', date: day })}
            />
          </>
        )}
      </section>
    </section>
  );
}
