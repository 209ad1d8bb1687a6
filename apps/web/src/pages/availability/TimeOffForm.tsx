import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Trash2Icon } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import { SavedStatus } from '../../components/scheduling/SavedStatus';
import { formatDate, formatTime, zoneAbbreviation } from '../../components/scheduling/time-format';
import type { CoachAvailability } from '../../components/scheduling/types';
import { isLocalDate, todayIn, zonedToInstant } from '../../components/scheduling/zoned-time';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { errorMessage } from '../../lib/error-message';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';

const labels = { startsAt: 'Start', endsAt: 'End', reason: 'Note' };

/** 'YYYY-MM-DDTHH:mm' from a datetime-local input, read in the coach's zone. */
function instantFrom(value: string, timeZone: string): Date | null {
  const [date = '', time = ''] = value.split('T');
  if (!isLocalDate(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  return zonedToInstant(date, time, timeZone);
}

function describeRange(startsAt: Date, endsAt: Date, timeZone: string): string {
  const sameDay = formatDate(startsAt, timeZone) === formatDate(endsAt, timeZone);
  const start = `${formatDate(startsAt, timeZone)}, ${formatTime(startsAt, timeZone)}`;
  const end = sameDay
    ? formatTime(endsAt, timeZone)
    : `${formatDate(endsAt, timeZone)}, ${formatTime(endsAt, timeZone)}`;
  return `${start} – ${end} ${zoneAbbreviation(timeZone, startsAt)}`;
}

/** Blocked dates or ranges: no slots are offered then, whatever the weekly hours say. */
export function TimeOffForm({ availability }: { availability: CoachAvailability }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = availability.rules.timezone;
  const today = todayIn(timeZone);
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids = { startsAt: useId(), endsAt: useId(), reason: useId() };
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.scheduling.availability.pathFilter()),
      queryClient.invalidateQueries(trpc.scheduling.openSlots.pathFilter()),
    ]);
  const add = useMutation(trpc.scheduling.addTimeOff.mutationOptions());
  const remove = useMutation(trpc.scheduling.removeTimeOff.mutationOptions({ onSuccess: refresh }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    const start = instantFrom(startsAt, timeZone);
    const end = instantFrom(endsAt, timeZone);
    const fields: Record<string, string> = {};
    if (!start) fields.startsAt = 'Enter when the time off starts';
    if (!end) fields.endsAt = 'Enter when the time off ends';
    else if (start && end <= start) fields.endsAt = 'The end must be after the start';
    else if (end <= new Date()) fields.endsAt = 'The end must be in the future';
    if (!start || !end || Object.keys(fields).length > 0) return show({ fields, message: null });
    clear();
    add.mutate(
      { startsAt: start, endsAt: end, reason: reason.trim() || null },
      {
        onSuccess: async () => {
          await refresh();
          setStatus(`Time off added: ${describeRange(start, end, timeZone)}.`);
          setStartsAt('');
          setEndsAt('');
          setReason('');
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  return (
    <div className="flex flex-col gap-6">
      {availability.timeOff.length === 0 ? (
        <p className="text-sm text-muted-foreground">No time off planned.</p>
      ) : (
        <ul aria-label="Time off" className="flex flex-col gap-2">
          {availability.timeOff.map((t) => (
            <li key={t.id} className="flex items-center gap-3 rounded-xl border border-border p-3 text-sm">
              <span className="flex min-w-0 flex-1 flex-col">
                <span className="font-medium">{describeRange(t.startsAt, t.endsAt, timeZone)}</span>
                {t.reason ? <span className="truncate text-muted-foreground">{t.reason}</span> : null}
              </span>
              <Button
                variant="ghost"
                size="icon"
                disabled={remove.isPending && remove.variables?.id === t.id}
                onClick={() => remove.mutate({ id: t.id })}
              >
                <Trash2Icon className="size-4" />
                <span className="sr-only">Remove time off {describeRange(t.startsAt, t.endsAt, timeZone)}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError ? (
        <Alert tone="danger" role="alert" title="Could not remove that time off">
          {errorMessage(remove.error)}
        </Alert>
      ) : null}
      <form noValidate onSubmit={onSubmit} aria-label="Add time off" className="flex flex-col gap-4">
        <ErrorSummary ref={summaryRef} errors={errors} fieldIds={ids} title="The time off was not added" />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <FormField id={ids.startsAt} label="From" required error={errors.fields.startsAt}>
            {(control) => (
              <Input
                {...control}
                type="datetime-local"
                min={`${today}T00:00`}
                value={startsAt}
                onChange={(e) => setStartsAt(e.target.value)}
              />
            )}
          </FormField>
          <FormField id={ids.endsAt} label="Until" required error={errors.fields.endsAt}>
            {(control) => (
              <Input
                {...control}
                type="datetime-local"
                min={startsAt || `${today}T00:00`}
                value={endsAt}
                onChange={(e) => setEndsAt(e.target.value)}
              />
            )}
          </FormField>
        </div>
        <FormField id={ids.reason} label="Note" error={errors.fields.reason} hint="Optional, for your own reference.">
          {(control) => (
            <Input {...control} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
        </FormField>
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" variant="outline" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add time off'}
          </Button>
          <SavedStatus message={status} />
        </div>
      </form>
    </div>
  );
}
