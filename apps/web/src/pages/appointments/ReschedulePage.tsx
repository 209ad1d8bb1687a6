import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useViewer } from '../../auth/viewer';
import { MessageCoachAfterRefusal } from '../../components/messaging/MessageCoachLink';
import { coachNameOf } from '../../components/scheduling/AppointmentSummary';
import { SlotChangeNote } from '../../components/scheduling/ChangeDeadline';
import { ConfirmSlotDialog } from '../../components/scheduling/ConfirmSlotDialog';
import { appointmentPhase } from '../../components/scheduling/join-window';
import { SlotPicker } from '../../components/scheduling/SlotPicker';
import { TimeZoneNote } from '../../components/scheduling/TimeZoneNote';
import { formatWhen } from '../../components/scheduling/time-format';
import type { AppointmentWithRules } from '../../components/scheduling/types';
import { useJoinEarlyMinutes } from '../../components/scheduling/use-join-early-minutes';
import {
  SlotConflictAlert,
  saveErrorOtherThanConflict,
  useSlotSaving,
} from '../../components/scheduling/use-slot-saving';
import { useChoosableTimeZone } from '../../components/scheduling/use-time-zone';
import { Alert } from '../../components/ui/Alert';
import { Breadcrumbs, crumbClass } from '../../components/ui/Breadcrumbs';
import { Card, CardContent } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { useTRPC } from '../../trpc';

const route = getRouteApi('/signed-in/appointments/$appointmentId/reschedule');

/** Move a session to another open time of the same coach; the old time is kept if the new one is taken. */
export function ReschedulePage() {
  const { appointmentId } = route.useParams();
  const trpc = useTRPC();
  const appointment = useQuery(trpc.scheduling.appointment.queryOptions({ appointmentId }));
  return (
    <section className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      <title>Reschedule · HybridCoach</title>
      <Breadcrumbs current="Reschedule">
        <Link to="/appointments" className={crumbClass}>
          Appointments
        </Link>
        <Link to="/appointments/$appointmentId" params={{ appointmentId }} className={crumbClass}>
          Session
        </Link>
      </Breadcrumbs>
      {appointment.isPending ? (
        <LoadingState label="Loading the appointment…" className="mt-8" />
      ) : appointment.isError ? (
        <ErrorState error={appointment.error} title="Could not load this appointment" className="mt-8" />
      ) : (
        <Reschedule appointment={appointment.data} />
      )}
    </section>
  );
}

function Reschedule({ appointment }: { appointment: AppointmentWithRules }) {
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const zone = useChoosableTimeZone();
  const timeZone = zone.timeZone;
  const joinEarlyMinutes = useJoinEarlyMinutes();
  const saving = useSlotSaving();
  const coachName = coachNameOf(appointment);
  // Whether the coach takes bookings at all, and how far ahead: the picker stops there.
  const availability = useQuery(trpc.scheduling.availability.queryOptions({ coachId: appointment.coach.id }));
  const staff = viewer?.role === 'coach' || viewer?.role === 'admin';

  const move = useMutation(
    trpc.scheduling.reschedule.mutationOptions({
      onSuccess: async (next) => {
        await saving.saved(next.id, 'moved');
      },
      onError: saving.failed,
    }),
  );

  const blocked =
    appointment.changeRules.blocked ??
    (appointmentPhase(appointment, new Date(), joinEarlyMinutes) !== 'upcoming'
      ? 'It is about to start or already over.'
      : null);
  if (blocked) {
    return (
      <Alert tone="info" className="mt-8" title="This session cannot be moved">
        {blocked}
      </Alert>
    );
  }

  return (
    <>
      <h1 className="mt-6 text-3xl font-semibold tracking-tight">
        {staff
          ? `Reschedule ${appointment.client.displayName}’s session with ${coachName}`
          : `Reschedule your session with ${coachName}`}
      </h1>
      <p className="mt-2 text-muted-foreground">
        Now: {formatWhen(appointment.scheduledFor, appointment.endsAt, timeZone)}. Pick a new time; the current one is
        kept until the new one is confirmed.
      </p>
      <TimeZoneNote timeZone={timeZone} choice={zone} className="mt-2" />
      <Card className="mt-8">
        <CardContent className="flex flex-col gap-6">
          <SlotConflictAlert saving={saving}>Your session keeps its current time.</SlotConflictAlert>
          {availability.data && !availability.data.rules.isAvailable ? (
            // A paused coach has no times to offer, however far ahead one looks.
            <Alert tone="info" title={`${coachName} is not taking bookings right now`}>
              There is no other time to move this session to. It keeps its current time; cancel it instead if it cannot
              take place.
            </Alert>
          ) : (
            <SlotPicker
              coachId={appointment.coach.id}
              clientId={staff ? appointment.client.id : undefined}
              durationMin={appointment.durationMin}
              timeZone={timeZone}
              horizonDays={availability.data?.rules.bookingHorizonDays}
              onPick={(slot) => {
                move.reset();
                saving.pick(slot);
              }}
            />
          )}
        </CardContent>
      </Card>
      <ConfirmSlotDialog
        slot={saving.picked}
        title="Move the session to this time?"
        description={`From ${formatWhen(appointment.scheduledFor, appointment.endsAt, timeZone)}. You both get an email with the new time.`}
        confirmLabel="Move the session"
        pendingLabel="Moving…"
        person={{
          name: coachName,
          photo: appointment.coach.profilePhotoPath,
          line: staff ? `${appointment.client.displayName} with ${coachName}` : `With ${coachName}`,
        }}
        durationMin={appointment.durationMin}
        timeZone={timeZone}
        pending={move.isPending}
        error={
          saveErrorOtherThanConflict(move.error) ? (
            <span className="flex flex-col items-start gap-2">
              {saveErrorOtherThanConflict(move.error)}
              <MessageCoachAfterRefusal error={move.error} coachId={appointment.coach.id} name={coachName} />
            </span>
          ) : null
        }
        extra={
          !staff && saving.picked ? (
            <SlotChangeNote startsAt={saving.picked.startsAt} now={new Date()} timeZone={timeZone} action="move" />
          ) : null
        }
        onClose={saving.unpick}
        onCloseAutoFocus={saving.focusConflict}
        onConfirm={() => {
          if (saving.picked) move.mutate({ appointmentId: appointment.id, startsAt: saving.picked.startsAt });
        }}
      />
    </>
  );
}
