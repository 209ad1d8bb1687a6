import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Trash2Icon } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import { SavedStatus } from '../../components/scheduling/SavedStatus';
import { formatHours, formatLocalDate } from '../../components/scheduling/time-format';
import type { CoachAvailability } from '../../components/scheduling/types';
import { isLocalDate, todayIn } from '../../components/scheduling/zoned-time';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { errorMessage } from '../../lib/error-message';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';

const labels = { date: 'Date', startTime: 'Start', endTime: 'End' };

/** Extra hours on particular dates, on top of the weekly grid. */
export function OneOffWindows({ availability }: { availability: CoachAvailability }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = availability.rules.timezone;
  const today = todayIn(timeZone);
  const [date, setDate] = useState('');
  const [startTime, setStartTime] = useState('09:00');
  const [endTime, setEndTime] = useState('12:00');
  const [status, setStatus] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids = { date: useId(), startTime: useId(), endTime: useId() };
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.scheduling.availability.pathFilter()),
      queryClient.invalidateQueries(trpc.scheduling.openSlots.pathFilter()),
    ]);
  const add = useMutation(trpc.scheduling.addOneOffWindow.mutationOptions());
  const remove = useMutation(trpc.scheduling.removeWindow.mutationOptions({ onSuccess: refresh }));
  const upcoming = availability.oneOff.filter((w) => w.date >= today);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    const fields: Record<string, string> = {};
    if (!isLocalDate(date)) fields.date = 'Enter the date of the extra hours';
    else if (date < today) fields.date = 'The date must be today or later';
    if (!startTime) fields.startTime = 'Enter a start time';
    if (!endTime) fields.endTime = 'Enter an end time';
    else if (startTime && endTime <= startTime) fields.endTime = 'End must be after the start';
    if (Object.keys(fields).length > 0) return show({ fields, message: null });
    clear();
    add.mutate(
      { date, startTime, endTime },
      {
        onSuccess: async () => {
          await refresh();
          setStatus(`Added ${formatHours(startTime, endTime)} on ${formatLocalDate(date, 'medium')}.`);
          setDate('');
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  return (
    <div className="flex flex-col gap-6">
      {upcoming.length === 0 ? (
        <p className="text-sm text-muted-foreground">No extra dates.</p>
      ) : (
        <ul aria-label="Extra hours" className="flex flex-col gap-2">
          {upcoming.map((w) => (
            <li key={w.id} className="flex items-center gap-3 rounded-xl border border-border p-3 text-sm">
              <span className="flex-1">
                <span className="font-medium">{formatLocalDate(w.date, 'medium')}</span>
                <span className="text-muted-foreground"> · {formatHours(w.startTime, w.endTime)}</span>
              </span>
              <Button
                variant="ghost"
                size="icon"
                disabled={remove.isPending && remove.variables?.id === w.id}
                onClick={() => remove.mutate({ id: w.id })}
              >
                <Trash2Icon className="size-4" />
                <span className="sr-only">
                  Remove extra hours on {formatLocalDate(w.date, 'medium')}, {formatHours(w.startTime, w.endTime)}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {remove.isError ? (
        <Alert tone="danger" role="alert" title="Could not remove those hours">
          {errorMessage(remove.error)}
        </Alert>
      ) : null}
      <form noValidate onSubmit={onSubmit} aria-label="Add extra hours" className="flex flex-col gap-4">
        <ErrorSummary ref={summaryRef} errors={errors} fieldIds={ids} title="The extra hours were not added" />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-[1.4fr_1fr_1fr]">
          <FormField id={ids.date} label="Date" required error={errors.fields.date}>
            {(control) => (
              <Input {...control} type="date" min={today} value={date} onChange={(e) => setDate(e.target.value)} />
            )}
          </FormField>
          <FormField id={ids.startTime} label="From" required error={errors.fields.startTime}>
            {(control) => (
              <Input
                {...control}
                type="time"
                step={900}
                value={startTime}
                onChange={(e) => setStartTime(e.target.value)}
              />
            )}
          </FormField>
          <FormField id={ids.endTime} label="To" required error={errors.fields.endTime}>
            {(control) => (
              <Input {...control} type="time" step={900} value={endTime} onChange={(e) => setEndTime(e.target.value)} />
            )}
          </FormField>
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <Button type="submit" variant="outline" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add extra hours'}
          </Button>
          <SavedStatus message={status} />
        </div>
      </form>
    </div>
  );
}
