import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { SavedStatus } from '../../components/scheduling/SavedStatus';
import { formatMinutes } from '../../components/scheduling/time-format';
import type { CoachAvailability } from '../../components/scheduling/types';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';

const labels = {
  bufferMinutes: 'Buffer',
  minNoticeMinutes: 'Minimum notice',
  bookingHorizonDays: 'Booking horizon',
  isAvailable: 'Taking bookings',
};

type Field = keyof typeof labels;

/** A whole number in range, or the message saying what is wrong. */
function wholeNumber(raw: string, min: number, max: number, label: string, unit: string): number | string {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) return `Enter the ${label.toLowerCase()} in ${unit}`;
  if (!Number.isInteger(value)) return `${label} must be whole ${unit}`;
  if (value < min || value > max) return `${label} must be ${min}–${max} ${unit}`;
  return value;
}

/** Buffer between sessions, minimum notice, how far ahead, and the pause switch. */
export function BookingRulesForm({ rules }: { rules: CoachAvailability['rules'] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [isAvailable, setAvailable] = useState(rules.isAvailable);
  const [buffer, setBuffer] = useState(String(rules.bufferMinutes));
  const [noticeHours, setNoticeHours] = useState(String(rules.minNoticeMinutes / 60));
  const [horizon, setHorizon] = useState(String(rules.bookingHorizonDays));
  const [status, setStatus] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids: Record<Field, string> = {
    isAvailable: useId(),
    bufferMinutes: useId(),
    minNoticeMinutes: useId(),
    bookingHorizonDays: useId(),
  };
  const save = useMutation(trpc.scheduling.setBookingRules.mutationOptions());

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    const bufferMinutes = wholeNumber(buffer, 0, 240, 'Buffer', 'minutes');
    const notice = Number(noticeHours);
    const minNoticeMinutes =
      noticeHours.trim() === '' || !Number.isFinite(notice)
        ? 'Enter the minimum notice in hours'
        : notice < 0 || notice > 336
          ? 'Minimum notice must be 0–336 hours'
          : Math.round(notice * 60);
    const bookingHorizonDays = wholeNumber(horizon, 1, 365, 'Booking horizon', 'days');
    const fields: Record<string, string> = {};
    if (typeof bufferMinutes === 'string') fields.bufferMinutes = bufferMinutes;
    if (typeof minNoticeMinutes === 'string') fields.minNoticeMinutes = minNoticeMinutes;
    if (typeof bookingHorizonDays === 'string') fields.bookingHorizonDays = bookingHorizonDays;
    if (
      typeof bufferMinutes === 'string' ||
      typeof minNoticeMinutes === 'string' ||
      typeof bookingHorizonDays === 'string'
    ) {
      return show({ fields, message: null });
    }
    clear();
    save.mutate(
      { bufferMinutes, minNoticeMinutes, bookingHorizonDays, isAvailable },
      {
        onSuccess: async () => {
          await Promise.all([
            queryClient.invalidateQueries(trpc.scheduling.pathFilter()),
            queryClient.invalidateQueries(trpc.user.profile.queryFilter()),
            queryClient.invalidateQueries(trpc.coach.pathFilter()),
          ]);
          setStatus('Booking rules saved.');
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  const noticeMinutes = Math.round(Number(noticeHours) * 60);
  return (
    <form noValidate onSubmit={onSubmit} aria-label="Booking rules" className="flex flex-col gap-6">
      <ErrorSummary ref={summaryRef} errors={errors} fieldIds={ids} title="The booking rules were not saved" />
      <Checkbox
        id={ids.isAvailable}
        label="Taking new bookings"
        description="When off, clients cannot book new sessions with you; booked sessions stay."
        checked={isAvailable}
        onChange={(event) => {
          setStatus(null);
          setAvailable(event.target.checked);
        }}
      />
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-3">
        <FormField
          id={ids.bufferMinutes}
          label="Buffer (minutes)"
          error={errors.fields.bufferMinutes}
          hint="Kept free before and after each session."
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={0}
              max={240}
              step={5}
              value={buffer}
              onChange={(event) => setBuffer(event.target.value)}
            />
          )}
        </FormField>
        <FormField
          id={ids.minNoticeMinutes}
          label="Minimum notice (hours)"
          error={errors.fields.minNoticeMinutes}
          hint={
            Number.isFinite(noticeMinutes) && noticeMinutes > 0
              ? `No bookings less than ${formatMinutes(noticeMinutes)} ahead.`
              : 'Clients can book right up to the start.'
          }
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="decimal"
              min={0}
              max={336}
              step={0.5}
              value={noticeHours}
              onChange={(event) => setNoticeHours(event.target.value)}
            />
          )}
        </FormField>
        <FormField
          id={ids.bookingHorizonDays}
          label="Booking horizon (days)"
          error={errors.fields.bookingHorizonDays}
          hint="How far ahead clients can book."
        >
          {(control) => (
            <Input
              {...control}
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              value={horizon}
              onChange={(event) => setHorizon(event.target.value)}
            />
          )}
        </FormField>
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save booking rules'}
        </Button>
        <SavedStatus message={status} />
      </div>
    </form>
  );
}
