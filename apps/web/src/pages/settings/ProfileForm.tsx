import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { refreshViewer } from '../../auth/viewer';
import { TimeZoneSelect } from '../../components/scheduling/TimeZoneSelect';
import { Button } from '../../components/ui/Button';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { Textarea } from '../../components/ui/Textarea';
import type { OwnProfile } from '../../lib/api-types';
import { type FormErrors, formErrorsFrom } from '../../lib/form-errors';
import { deviceTimeZone, timeNowIn } from '../../lib/timezones';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';
import { SavedStatus } from './SettingsSection';

const labels = { displayName: 'Display name', timezone: 'Time zone', bio: 'About you' };
const BIO_MAX = 2000;

function validate(displayName: string, bio: string): FormErrors {
  const fields: Record<string, string> = {};
  if (!displayName.trim()) fields.displayName = 'Enter the name people see';
  else if (displayName.trim().length > 80) fields.displayName = 'Display name must be at most 80 characters';
  if (bio.trim().length > BIO_MAX) fields.bio = `About you must be at most ${BIO_MAX} characters`;
  return { fields, message: null };
}

export function ProfileForm({ profile }: { profile: OwnProfile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [timezone, setTimezone] = useState(profile.timezone);
  const [bio, setBio] = useState(profile.bio ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids = { displayName: useId(), timezone: useId(), bio: useId() };
  const device = deviceTimeZone();
  const update = useMutation(trpc.user.updateProfile.mutationOptions());
  const now = timeNowIn(timezone);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const problems = validate(displayName, bio);
    if (Object.keys(problems.fields).length > 0) return show(problems);
    clear();
    update.mutate(
      { displayName: displayName.trim(), timezone, bio: bio.trim() || null },
      {
        onSuccess: async (next) => {
          queryClient.setQueryData(trpc.user.profile.queryKey(), next);
          setSaved('Profile saved.');
          await refreshViewer(queryClient);
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-6" aria-label="Profile">
      <ErrorSummary ref={summaryRef} errors={errors} fieldIds={ids} />
      <FormField id={ids.displayName} label="Display name" required error={errors.fields.displayName}>
        {(control) => (
          <Input
            {...control}
            autoComplete="name"
            maxLength={80}
            value={displayName}
            onChange={(event) => setDisplayName(event.target.value)}
          />
        )}
      </FormField>

      <FormField
        id={ids.timezone}
        label="Time zone"
        error={errors.fields.timezone}
        hint={
          <>
            Session times are shown in this zone{now ? ` (it is ${now} there now)` : ''}.
            {device && device !== timezone ? (
              <>
                {' '}
                This device is set to {device}.{' '}
                <button
                  type="button"
                  className="font-medium text-primary underline underline-offset-2 hover:no-underline"
                  onClick={() => setTimezone(device)}
                >
                  Use {device}
                </button>
              </>
            ) : null}
          </>
        }
      >
        {(control) => <TimeZoneSelect {...control} value={timezone} onChange={setTimezone} />}
      </FormField>

      <FormField
        id={ids.bio}
        label="About you"
        error={errors.fields.bio}
        hint={`Optional. Shown to the people you meet on HybridCoach. ${bio.length}/${BIO_MAX} characters.`}
      >
        {(control) => <Textarea {...control} rows={4} value={bio} onChange={(event) => setBio(event.target.value)} />}
      </FormField>

      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save profile'}
        </Button>
        <SavedStatus message={saved} />
      </div>
    </form>
  );
}
