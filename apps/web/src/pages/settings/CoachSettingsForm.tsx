import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import type { OwnProfile } from '../../lib/api-types';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';
import { SavedStatus } from './SettingsSection';

const labels = { isAvailable: 'Available for bookings', coachName: 'Coach name' };

export function CoachSettingsForm({ profile }: { profile: OwnProfile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [isAvailable, setAvailable] = useState(profile.isAvailable);
  const [coachName, setCoachName] = useState(profile.coachName ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids = { isAvailable: useId(), coachName: useId() };
  const update = useMutation(trpc.user.updateCoachSettings.mutationOptions());

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    if (coachName.trim().length > 80) {
      return show({ fields: { coachName: 'Coach name must be at most 80 characters' }, message: null });
    }
    clear();
    update.mutate(
      { isAvailable, coachName: coachName.trim() || null },
      {
        onSuccess: (next) => {
          queryClient.setQueryData(trpc.user.profile.queryKey(), next);
          setSaved('Coach settings saved.');
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-6" aria-label="Coach settings">
      <ErrorSummary ref={summaryRef} errors={errors} fieldIds={ids} />
      <Checkbox
        id={ids.isAvailable}
        label="Available for new bookings"
        description="When off, clients can no longer book new sessions with you; booked sessions stay."
        checked={isAvailable}
        onChange={(event) => setAvailable(event.target.checked)}
      />
      <FormField
        id={ids.coachName}
        label="Coach name"
        error={errors.fields.coachName}
        hint={`Optional. How clients see you, for example “Coach ${profile.displayName.split(/\s+/)[0]}”. Empty: your display name.`}
      >
        {(control) => (
          <Input {...control} maxLength={80} value={coachName} onChange={(event) => setCoachName(event.target.value)} />
        )}
      </FormField>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save coach settings'}
        </Button>
        <SavedStatus message={saved} />
      </div>
    </form>
  );
}
