import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { Appointment } from '../../components/scheduling/types';
import { Button } from '../../components/ui/Button';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { Select } from '../../components/ui/Select';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';

const labels = { coachId: 'New coach' };

/** Hands the session to another coach at the same time (coaches and admins); the server checks they are free. */
export function ReassignForm({ appointment, onReassigned }: { appointment: Appointment; onReassigned: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const coaches = useQuery(trpc.coach.list.queryOptions());
  const [coachId, setCoachId] = useState('');
  const { errors, show, clear, summaryRef } = useFormErrors();
  const fieldId = useId();
  const reassign = useMutation(trpc.scheduling.reassign.mutationOptions());
  const others = coaches.data?.filter((coach) => coach.id !== appointment.coach.id) ?? [];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!coachId) {
      return show({ fields: { coachId: 'Choose the coach who should take this session' }, message: null }, () =>
        document.getElementById(fieldId),
      );
    }
    clear();
    reassign.mutate(
      { appointmentId: appointment.id, coachId },
      {
        onSuccess: async () => {
          await Promise.all([
            queryClient.invalidateQueries(trpc.scheduling.pathFilter()),
            queryClient.invalidateQueries(trpc.notification.pathFilter()),
          ]);
          setCoachId('');
          onReassigned();
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-label="Reassign to another coach">
      <ErrorSummary
        ref={summaryRef}
        errors={errors}
        fieldIds={{ coachId: fieldId }}
        title="The session was not reassigned"
      />
      <div className="flex flex-col items-start gap-3">
        <FormField
          id={fieldId}
          label="New coach"
          required
          error={errors.fields.coachId}
          hint="Same day and time; they must be free then."
          className="w-full sm:max-w-sm"
        >
          {(control) => (
            <Select
              {...control}
              value={coachId}
              disabled={coaches.isPending}
              onChange={(event) => setCoachId(event.target.value)}
            >
              <option value="">{coaches.isPending ? 'Loading coaches…' : 'Choose a coach…'}</option>
              {others.map((coach) => (
                <option key={coach.id} value={coach.id}>
                  {coach.name}
                </option>
              ))}
            </Select>
          )}
        </FormField>
        <Button type="submit" variant="outline" disabled={reassign.isPending}>
          {reassign.isPending ? 'Reassigning…' : 'Reassign'}
        </Button>
      </div>
    </form>
  );
}
