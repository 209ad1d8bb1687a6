import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { FileTextIcon, VideoIcon } from 'lucide-react';
import { useEffect, useId, useRef } from 'react';
import { useViewer } from '../../auth/viewer';
import { MessageCoachLink } from '../../components/messaging/MessageCoachLink';
import { AppointmentStatusBadge, coachNameOf, counterpart } from '../../components/scheduling/AppointmentSummary';
import { formatDeadline } from '../../components/scheduling/ChangeDeadline';
import { appointmentPhase } from '../../components/scheduling/join-window';
import { TimeZoneNote } from '../../components/scheduling/TimeZoneNote';
import { formatDate, formatTimeRange } from '../../components/scheduling/time-format';
import type { AppointmentWithRules } from '../../components/scheduling/types';
import { useJoinEarlyMinutes } from '../../components/scheduling/use-join-early-minutes';
import { useNow, useViewerTimeZone } from '../../components/scheduling/use-time-zone';
import { Alert } from '../../components/ui/Alert';
import { Avatar } from '../../components/ui/Avatar';
import { Breadcrumbs, crumbClass } from '../../components/ui/Breadcrumbs';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/Card';
import { Detail } from '../../components/ui/Detail';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import type { AppointmentChangeDone } from './appointment-search';
import { CancelDialog } from './CancelDialog';
import { ReassignForm } from './ReassignForm';

const route = getRouteApi('/signed-in/appointments/$appointmentId');

const doneMessages: Record<AppointmentChangeDone, { title: string; body: string }> = {
  booked: { title: 'Session booked', body: 'You both get an email with a calendar invite.' },
  moved: { title: 'Session moved', body: 'You both get an email with the new time.' },
  cancelled: { title: 'Session cancelled', body: 'You both get a notification and an email.' },
  reassigned: { title: 'Session reassigned', body: 'The client and both coaches are told.' },
};

/** One appointment: when (in my zone), with whom, and what I can do with it now. */
export function AppointmentDetailPage() {
  const { appointmentId } = route.useParams();
  const { done } = route.useSearch();
  const trpc = useTRPC();
  const appointment = useQuery(trpc.scheduling.appointment.queryOptions({ appointmentId }));

  return (
    <section className="mx-auto w-full max-w-3xl px-4 py-10 sm:px-6">
      {appointment.data ? null : <title>Appointment · HybridCoach</title>}
      <Breadcrumbs current="Session">
        <Link to="/appointments" className={crumbClass}>
          Appointments
        </Link>
      </Breadcrumbs>
      {appointment.isPending ? (
        <LoadingState label="Loading the appointment…" className="mt-8" />
      ) : appointment.isError ? (
        <ErrorState
          error={appointment.error}
          title="Could not load this appointment"
          onRetry={() => appointment.refetch()}
          className="mt-8"
        />
      ) : (
        <AppointmentDetail appointment={appointment.data} done={done} />
      )}
    </section>
  );
}

function AppointmentDetail({ appointment, done }: { appointment: AppointmentWithRules; done?: AppointmentChangeDone }) {
  const viewer = useViewer().data;
  const timeZone = useViewerTimeZone();
  const now = useNow();
  const navigate = useNavigate();
  const doneRef = useRef<HTMLDivElement>(null);
  const rulesId = useId();
  const joinEarlyMinutes = useJoinEarlyMinutes();
  const phase = appointmentPhase(appointment, now, joinEarlyMinutes);
  const coachName = coachNameOf(appointment);

  // Arriving from a booking or a change: the confirmation is read out first.
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  if (!viewer) return null;
  const other = counterpart(appointment, viewer.id, viewer.role);
  const heading = other.line.startsWith('With ') ? `Session with ${other.line.slice(5)}` : other.line;
  const staff = viewer.role === 'coach' || viewer.role === 'admin';
  const upcoming = appointment.status === 'scheduled' && phase === 'upcoming';
  // Said before anyone tries: a change the server would refuse is not offered as if it would work.
  const { blocked, deadline } = appointment.changeRules;
  const changeable = upcoming && blocked === null;
  const markDone = (change: AppointmentChangeDone) =>
    navigate({ to: '.', search: { done: change }, replace: true, resetScroll: false });

  return (
    <>
      <title>{`${heading} · HybridCoach`}</title>
      {done ? (
        <div ref={doneRef} tabIndex={-1} className="mt-6 focus:outline-none">
          <Alert tone={done === 'cancelled' ? 'info' : 'success'} role="status" title={doneMessages[done].title}>
            {doneMessages[done].body}
          </Alert>
        </div>
      ) : null}

      <header className="mt-6 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div>
          <h1 className="text-3xl font-semibold tracking-tight">{heading}</h1>
          <p className="mt-2 text-lg">
            {formatDate(appointment.scheduledFor, timeZone)} ·{' '}
            {formatTimeRange(appointment.scheduledFor, appointment.endsAt, timeZone)}
          </p>
        </div>
        <div className="shrink-0">
          <AppointmentStatusBadge appointment={appointment} now={now} />
        </div>
      </header>
      <TimeZoneNote timeZone={timeZone} className="mt-2" />

      {phase === 'joinable' || phase === 'over' || upcoming ? (
        <div className="mt-6 flex flex-wrap gap-3">
          {phase === 'joinable' ? (
            <Button asChild size="lg">
              <Link to="/room/$appointmentId" params={{ appointmentId: appointment.id }}>
                <VideoIcon className="size-5" />
                Join session
              </Link>
            </Button>
          ) : null}
          {phase === 'over' && appointment.status !== 'cancelled' ? (
            <Button asChild variant="outline">
              <Link to="/sessions/$appointmentId" params={{ appointmentId: appointment.id }}>
                <FileTextIcon className="size-4" />
                Session record
              </Link>
            </Button>
          ) : null}
          {changeable ? (
            <>
              <Button asChild>
                <Link to="/appointments/$appointmentId/reschedule" params={{ appointmentId: appointment.id }}>
                  Reschedule
                </Link>
              </Button>
              <CancelDialog
                appointment={appointment}
                timeZone={timeZone}
                withName={viewer.id === appointment.client.id ? coachName : appointment.client.displayName}
                onCancelled={() => markDone('cancelled')}
                afterCancelFocus={() => doneRef.current}
              />
            </>
          ) : upcoming ? (
            <>
              <Button disabled aria-describedby={rulesId}>
                Reschedule
              </Button>
              <Button variant="outline" disabled aria-describedby={rulesId}>
                Cancel session
              </Button>
            </>
          ) : null}
        </div>
      ) : null}
      {upcoming && (blocked || deadline) ? (
        <p id={rulesId} className={blocked ? 'mt-3 text-sm font-medium' : 'mt-3 text-sm text-muted-foreground'}>
          {blocked ??
            (deadline
              ? `You can cancel or move this session until ${formatDeadline(deadline, timeZone)}; after that, message your coach.`
              : null)}
        </p>
      ) : null}
      {upcoming && blocked && viewer.id === appointment.client.id ? (
        <div className="mt-2">
          <MessageCoachLink coachId={appointment.coach.id} name={coachName} />
        </div>
      ) : null}
      {phase === 'upcoming' ? (
        <p className="mt-3 text-sm text-muted-foreground">
          The video room opens {joinEarlyMinutes} minutes before the start.
        </p>
      ) : null}

      <Card className="mt-8">
        <CardContent className="flex flex-col gap-5">
          <dl className="grid grid-cols-1 gap-5 text-sm sm:grid-cols-2">
            <Detail label="Coach">
              <Person name={coachName} photo={appointment.coach.profilePhotoPath} />
            </Detail>
            <Detail label="Client">
              <Person name={appointment.client.displayName} photo={appointment.client.profilePhotoPath} />
            </Detail>
            <Detail label="Length">{appointment.durationMin} minutes</Detail>
            <Detail label="Booked">{formatDateTime(appointment.createdAt, timeZone)}</Detail>
            {appointment.status === 'no_show' ? (
              <Detail label="Missed">Nobody joined this session, so it was recorded as missed.</Detail>
            ) : null}
            {appointment.status === 'cancelled' ? (
              <>
                <Detail label="Cancelled">
                  {appointment.cancelledAt ? formatDateTime(appointment.cancelledAt, timeZone) : 'Yes'}
                  {appointment.cancelledBy
                    ? ` by ${
                        appointment.cancelledBy === appointment.client.id
                          ? appointment.client.displayName
                          : appointment.cancelledBy === appointment.coach.id
                            ? coachName
                            : 'an admin'
                      }`
                    : ''}
                </Detail>
                <Detail label="Reason">{appointment.cancelReason ?? '—'}</Detail>
              </>
            ) : null}
          </dl>
        </CardContent>
      </Card>

      {staff && upcoming ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle as="h2">Reassign</CardTitle>
            <CardDescription>
              Give this session to another coach. {appointment.client.displayName} and both coaches are told.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ReassignForm appointment={appointment} onReassigned={() => markDone('reassigned')} />
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}

function Person({ name, photo }: { name: string; photo: string | null }) {
  return (
    <span className="flex items-center gap-2">
      <Avatar name={name} src={photo} size="sm" />
      <span className="font-medium">{name}</span>
    </span>
  );
}
