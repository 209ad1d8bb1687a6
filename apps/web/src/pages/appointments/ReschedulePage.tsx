import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import { useViewer } from '../../auth/viewer';
import { coachNameOf } from '../../components/scheduling/AppointmentSummary';
import { ConfirmSlotDialog } from '../../components/scheduling/ConfirmSlotDialog';
import { errorCode } from '../../components/scheduling/conflict';
import { appointmentPhase } from '../../components/scheduling/join-window';
import { SlotPicker } from '../../components/scheduling/SlotPicker';
import { TimeZoneNote } from '../../components/scheduling/TimeZoneNote';
import { formatWhen } from '../../components/scheduling/time-format';
import type { Appointment, OpenSlot } from '../../components/scheduling/types';
import { useJoinEarlyMinutes } from '../../components/scheduling/use-join-early-minutes';
import { useViewerTimeZone } from '../../components/scheduling/use-time-zone';
import { Alert } from '../../components/ui/Alert';
import { Card, CardContent } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingState } from '../../components/ui/LoadingState';
import { errorMessage } from '../../lib/error-message';
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
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/appointments" className="font-medium text-primary underline-offset-2 hover:underline">
          Appointments
        </Link>
        <span aria-hidden="true" className="mx-2 text-muted-foreground">
          /
        </span>
        <Link
          to="/appointments/$appointmentId"
          params={{ appointmentId }}
          className="font-medium text-primary underline-offset-2 hover:underline"
        >
          Session
        </Link>
        <span aria-hidden="true" className="mx-2 text-muted-foreground">
          /
        </span>
        <span aria-current="page" className="text-muted-foreground">
          Reschedule
        </span>
      </nav>
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

function Reschedule({ appointment }: { appointment: Appointment }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const viewer = useViewer().data;
  const timeZone = useViewerTimeZone();
  const joinEarlyMinutes = useJoinEarlyMinutes();
  const [picked, setPicked] = useState<OpenSlot | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const conflictRef = useRef<HTMLDivElement>(null);
  const coachName = coachNameOf(appointment);
  const staff = viewer?.role === 'coach' || viewer?.role === 'admin';

  const move = useMutation(
    trpc.scheduling.reschedule.mutationOptions({
      onSuccess: async (next) => {
        queryClient.setQueryData(trpc.scheduling.appointment.queryKey({ appointmentId: next.id }), next);
        await Promise.all([
          queryClient.invalidateQueries(trpc.scheduling.pathFilter()),
          queryClient.invalidateQueries(trpc.notification.pathFilter()),
        ]);
        await navigate({
          to: '/appointments/$appointmentId',
          params: { appointmentId: next.id },
          search: { done: 'moved' },
        });
      },
      onError: (error) => {
        if (errorCode(error) !== 'CONFLICT') return;
        setConflict(errorMessage(error));
        setPicked(null);
        void queryClient.invalidateQueries(trpc.scheduling.openSlots.pathFilter());
      },
    }),
  );

  if (appointmentPhase(appointment, new Date(), joinEarlyMinutes) !== 'upcoming') {
    return (
      <Alert tone="info" className="mt-8" title="This session cannot be moved">
        {appointment.status === 'scheduled'
          ? 'It is about to start or already over.'
          : `Only a scheduled session can be moved; this one is ${appointment.status}.`}
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
      <TimeZoneNote timeZone={timeZone} className="mt-2" />
      <Card className="mt-8">
        <CardContent className="flex flex-col gap-6">
          {conflict ? (
            <div ref={conflictRef} tabIndex={-1} className="focus:outline-none">
              <Alert tone="danger" role="alert" title="That time was just taken">
                {conflict} Your session keeps its current time.
              </Alert>
            </div>
          ) : null}
          <SlotPicker
            coachId={appointment.coach.id}
            clientId={staff ? appointment.client.id : undefined}
            durationMin={appointment.durationMin}
            timeZone={timeZone}
            onPick={(slot) => {
              move.reset();
              setConflict(null);
              setPicked(slot);
            }}
          />
        </CardContent>
      </Card>
      <ConfirmSlotDialog
        slot={picked}
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
        error={move.isError && errorCode(move.error) !== 'CONFLICT' ? errorMessage(move.error) : null}
        onClose={() => setPicked(null)}
        onCloseAutoFocus={(event) => {
          if (!conflictRef.current) return;
          event.preventDefault();
          conflictRef.current.focus();
        }}
        onConfirm={() => {
          if (picked) move.mutate({ appointmentId: appointment.id, startsAt: picked.startsAt });
        }}
      />
    </>
  );
}
