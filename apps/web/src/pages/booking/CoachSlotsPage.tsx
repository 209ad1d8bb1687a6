import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useViewer } from '../../auth/viewer';
import { SlotChangeNote, useCancelCutoffHours } from '../../components/scheduling/ChangeDeadline';
import { ConfirmSlotDialog } from '../../components/scheduling/ConfirmSlotDialog';
import { SlotPicker } from '../../components/scheduling/SlotPicker';
import { TimeZoneNote } from '../../components/scheduling/TimeZoneNote';
import {
  SlotConflictAlert,
  saveErrorOtherThanConflict,
  useSlotSaving,
} from '../../components/scheduling/use-slot-saving';
import { useChoosableTimeZone } from '../../components/scheduling/use-time-zone';
import { Alert } from '../../components/ui/Alert';
import { Avatar } from '../../components/ui/Avatar';
import { Breadcrumbs, crumbClass } from '../../components/ui/Breadcrumbs';
import { Card, CardContent } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { FormField } from '../../components/ui/FormField';
import { LoadingState } from '../../components/ui/LoadingState';
import { Select } from '../../components/ui/Select';
import { useTRPC } from '../../trpc';
import { DEFAULT_DURATION, DURATIONS } from './booking-search';

const route = getRouteApi('/signed-in/book/$coachId');

/** Step two of booking: a coach's open times in my zone, a length, and a confirmation. */
export function CoachSlotsPage() {
  const { coachId } = route.useParams();
  const search = route.useSearch();
  const navigate = useNavigate();
  const durationMin = search.duration ?? DEFAULT_DURATION;
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const zone = useChoosableTimeZone();
  const timeZone = zone.timeZone;
  const staff = viewer?.role === 'coach' || viewer?.role === 'admin';
  const coach = useQuery(trpc.coach.get.queryOptions({ coachId }));
  const availability = useQuery(trpc.scheduling.availability.queryOptions({ coachId }));
  const clients = useQuery({ ...trpc.user.myClients.queryOptions(), enabled: staff });
  const [clientId, setClientId] = useState('');
  const saving = useSlotSaving();
  const ids = { duration: useId(), client: useId() };
  const cutoffHours = useCancelCutoffHours();

  const book = useMutation(
    trpc.scheduling.book.mutationOptions({
      onSuccess: (appointment) => saving.saved(appointment.id, 'booked'),
      onError: saving.failed,
    }),
  );

  const coachName = coach.data?.name ?? 'this coach';
  const clientName = clients.data?.find((c) => c.id === clientId)?.displayName;
  const needsClient = staff && !clientId;

  return (
    <section className="mx-auto w-full max-w-4xl px-4 py-10 sm:px-6">
      <title>{coach.data ? `Book with ${coach.data.name} · HybridCoach` : 'Book a session · HybridCoach'}</title>
      <Breadcrumbs current={coach.data?.name ?? 'Coach'}>
        <Link to="/book" className={crumbClass}>
          Book a session
        </Link>
      </Breadcrumbs>

      {coach.isPending ? (
        <LoadingState label="Loading the coach…" className="mt-8" />
      ) : coach.isError ? (
        <ErrorState error={coach.error} title="Could not load this coach" className="mt-8" />
      ) : (
        <>
          <header className="mt-6 flex items-start gap-4">
            <Avatar name={coach.data.name} src={coach.data.photoUrl} size="lg" />
            <div className="min-w-0">
              <h1 className="text-3xl font-semibold tracking-tight">Book with {coach.data.name}</h1>
              {coach.data.bio ? (
                <p className="mt-2 line-clamp-3 text-sm text-muted-foreground">{coach.data.bio}</p>
              ) : null}
            </div>
          </header>

          <Card className="mt-8">
            <CardContent className="flex flex-col gap-6">
              <div className="flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
                <div className="flex flex-col gap-4 sm:flex-row">
                  <FormField id={ids.duration} label="Length" className="sm:w-44">
                    {(control) => (
                      <Select
                        {...control}
                        value={durationMin}
                        onChange={(event) =>
                          navigate({
                            to: '.',
                            search: { duration: Number(event.target.value) },
                            replace: true,
                          })
                        }
                      >
                        {DURATIONS.map((minutes) => (
                          <option key={minutes} value={minutes}>
                            {minutes} minutes
                          </option>
                        ))}
                      </Select>
                    )}
                  </FormField>
                  {staff ? (
                    <FormField id={ids.client} label="Client" required className="sm:w-64">
                      {(control) => (
                        <Select {...control} value={clientId} onChange={(event) => setClientId(event.target.value)}>
                          <option value="">Choose a client…</option>
                          {clients.data?.map((client) => (
                            <option key={client.id} value={client.id}>
                              {client.displayName}
                            </option>
                          ))}
                        </Select>
                      )}
                    </FormField>
                  ) : null}
                </div>
                <TimeZoneNote timeZone={timeZone} choice={zone} />
              </div>
              {staff ? null : (
                <p className="text-sm text-muted-foreground">
                  You can cancel or move a session up to {cutoffHours} hours before it starts.
                </p>
              )}

              <SlotConflictAlert saving={saving}>The times below are up to date.</SlotConflictAlert>

              {availability.data && !availability.data.rules.isAvailable ? (
                <Alert tone="info" title={`${coachName} is not taking bookings right now`}>
                  Please choose another coach, or check back later.
                </Alert>
              ) : needsClient ? (
                <p className="rounded-xl border border-dashed border-border p-4 text-sm text-muted-foreground">
                  Choose the client first: their other sessions are kept clear too.
                </p>
              ) : (
                <SlotPicker
                  key={`${durationMin}:${clientId}`}
                  coachId={coachId}
                  clientId={staff ? clientId : undefined}
                  durationMin={durationMin}
                  timeZone={timeZone}
                  horizonDays={availability.data?.rules.bookingHorizonDays}
                  onPick={(slot) => {
                    book.reset();
                    saving.pick(slot);
                  }}
                />
              )}
            </CardContent>
          </Card>

          <ConfirmSlotDialog
            slot={saving.picked}
            title="Confirm your session"
            description="Check the day and time. You and the coach both get an email with a calendar invite."
            confirmLabel="Book this session"
            pendingLabel="Booking…"
            person={{
              name: coach.data.name,
              photo: coach.data.photoUrl,
              line: clientName ? `${clientName} with ${coach.data.name}` : `With ${coach.data.name}`,
            }}
            durationMin={durationMin}
            timeZone={timeZone}
            pending={book.isPending}
            error={saveErrorOtherThanConflict(book.error)}
            extra={
              !staff && saving.picked ? (
                <SlotChangeNote startsAt={saving.picked.startsAt} now={new Date()} timeZone={timeZone} action="book" />
              ) : null
            }
            onClose={saving.unpick}
            onCloseAutoFocus={saving.focusConflict}
            onConfirm={() => {
              if (!saving.picked) return;
              book.mutate({
                coachId,
                startsAt: saving.picked.startsAt,
                durationMin,
                clientId: staff ? clientId : undefined,
              });
            }}
          />
        </>
      )}
    </section>
  );
}
