import { bookingRulesInput } from '@hybridcoach/api/forms';
import { useForm } from '@tanstack/react-form';
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
import { fieldSentence, formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';

const labels = {
  bufferMinutes: 'Buffer',
  minNoticeMinutes: 'Minimum notice',
  bookingHorizonDays: 'Booking horizon',
  isAvailable: 'Taking bookings',
};

type Field = keyof typeof labels;

/** What the inputs hold: text as typed (a number input's partial entry is not a number yet). */
interface RulesForm {
  isAvailable: boolean;
  bufferMinutes: string;
  /** The form asks in hours; the procedure takes minutes. */
  minNoticeHours: string;
  bookingHorizonDays: string;
}

/** Empty is NaN, which the schema reports as missing, rather than 0. */
const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

const toInput = (value: RulesForm) => ({
  isAvailable: value.isAvailable,
  bufferMinutes: numberOf(value.bufferMinutes),
  minNoticeMinutes: Math.round(numberOf(value.minNoticeHours) * 60),
  bookingHorizonDays: numberOf(value.bookingHorizonDays),
});

/** The procedure's own schema, messages per field as the server would word them. */
function validate(value: RulesForm): Record<string, string> | undefined {
  const parsed = bookingRulesInput.safeParse(toInput(value));
  if (parsed.success) return undefined;
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0]) as Field;
    fields[field] ??= fieldSentence(labels[field], issue.message);
  }
  return fields;
}

/** Buffer between sessions, minimum notice, how far ahead, and the pause switch. */
export function BookingRulesForm({ rules }: { rules: CoachAvailability['rules'] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids: Record<Field, string> = {
    isAvailable: useId(),
    bufferMinutes: useId(),
    minNoticeMinutes: useId(),
    bookingHorizonDays: useId(),
  };
  const save = useMutation(trpc.scheduling.setBookingRules.mutationOptions());
  const form = useForm({
    defaultValues: {
      isAvailable: rules.isAvailable,
      bufferMinutes: String(rules.bufferMinutes),
      minNoticeHours: String(rules.minNoticeMinutes / 60),
      bookingHorizonDays: String(rules.bookingHorizonDays),
    } satisfies RulesForm,
    onSubmit: ({ value }) => {
      const fields = validate(value);
      if (fields) return show({ fields, message: null });
      clear();
      save.mutate(toInput(value), {
        onSuccess: async () => {
          await Promise.all([
            queryClient.invalidateQueries(trpc.scheduling.pathFilter()),
            queryClient.invalidateQueries(trpc.user.profile.queryFilter()),
            queryClient.invalidateQueries(trpc.coach.pathFilter()),
          ]);
          setStatus('Booking rules saved.');
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    void form.handleSubmit();
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Booking rules" className="flex flex-col gap-6">
      <ErrorSummary ref={summaryRef} errors={errors} fieldIds={ids} title="The booking rules were not saved" />
      <form.Field name="isAvailable">
        {(field) => (
          <Checkbox
            id={ids.isAvailable}
            label="Taking new bookings"
            description="When off, clients cannot book new sessions with you; booked sessions stay."
            checked={field.state.value}
            onChange={(event) => {
              setStatus(null);
              field.handleChange(event.target.checked);
            }}
          />
        )}
      </form.Field>
      <div className="grid grid-cols-1 gap-5 sm:grid-cols-3">
        <form.Field name="bufferMinutes">
          {(field) => (
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
                  value={field.state.value}
                  onChange={(event) => field.handleChange(event.target.value)}
                />
              )}
            </FormField>
          )}
        </form.Field>
        <form.Field name="minNoticeHours">
          {(field) => (
            <FormField
              id={ids.minNoticeMinutes}
              label="Minimum notice (hours)"
              error={errors.fields.minNoticeMinutes}
              hint={
                numberOf(field.state.value) > 0
                  ? `No bookings less than ${formatMinutes(Math.round(numberOf(field.state.value) * 60))} ahead.`
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
                  value={field.state.value}
                  onChange={(event) => field.handleChange(event.target.value)}
                />
              )}
            </FormField>
          )}
        </form.Field>
        <form.Field name="bookingHorizonDays">
          {(field) => (
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
                  value={field.state.value}
                  onChange={(event) => field.handleChange(event.target.value)}
                />
              )}
            </FormField>
          )}
        </form.Field>
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
