import { formatWhen } from '@hybridcoach/api/format';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import type { ViewerRole } from '../../components/layout/nav-items';
import { Button } from '../../components/ui/Button';
import { Checkbox } from '../../components/ui/Checkbox';
import { ErrorState } from '../../components/ui/ErrorState';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { LoadingState } from '../../components/ui/LoadingState';
import { Select } from '../../components/ui/Select';
import type { RouterOutputs } from '../../lib/api-types';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';
import { localeChoices, type NotificationTopic, topicTexts } from './notification-topics';
import { SavedStatus } from './SettingsSection';

type Preferences = RouterOutputs['notification']['preferences'];

const labels = { locale: 'Dates and times in emails' };
const sample = new Date(Date.UTC(2026, 11, 1, 14, 0));
const displayNames = new Intl.DisplayNames(undefined, { type: 'language' });

/** Which topics also come by email (all do unless turned off), and how emails write dates. */
export function NotificationPreferences({ role, timeZone }: { role: Exclude<ViewerRole, null>; timeZone: string }) {
  const trpc = useTRPC();
  const preferences = useQuery(trpc.notification.preferences.queryOptions());
  if (preferences.isPending) return <LoadingState label="Loading your notification settings…" />;
  if (preferences.isError)
    return (
      <ErrorState
        error={preferences.error}
        title="Could not load your notification settings"
        onRetry={() => preferences.refetch()}
      />
    );
  return <PreferencesForm preferences={preferences.data} role={role} timeZone={timeZone} />;
}

function PreferencesForm({
  preferences,
  role,
  timeZone,
}: {
  preferences: Preferences;
  role: Exclude<ViewerRole, null>;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const browser = typeof navigator === 'undefined' ? undefined : navigator.language;
  const [email, setEmail] = useState(preferences.email);
  const [locale, setLocale] = useState(preferences.locale ?? 'en-US');
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids = { locale: useId() };
  const topicId = useId();
  const update = useMutation(trpc.notification.updatePreferences.mutationOptions());
  const topics = (Object.keys(topicTexts) as NotificationTopic[]).filter((t) => topicTexts[t].roles.includes(role));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    clear();
    update.mutate(
      { email, locale },
      {
        onSuccess: (next) => {
          queryClient.setQueryData(trpc.notification.preferences.queryKey(), next);
          setSaved('Notification settings saved.');
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-6" aria-label="Notification settings">
      <ErrorSummary ref={summaryRef} errors={errors} fieldIds={ids} />
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-3 text-sm font-medium">Also by email</legend>
        <p className="-mt-2 text-sm text-muted-foreground">
          Everything shows in the app (the bell and the messages badge). Untick what you want in the app only.
        </p>
        {topics.map((topic) => (
          <Checkbox
            key={topic}
            id={`${topicId}-${topic}`}
            label={topicTexts[topic].label}
            description={topicTexts[topic].description}
            checked={email[topic]}
            onChange={(event) => setEmail((current) => ({ ...current, [topic]: event.target.checked }))}
          />
        ))}
      </fieldset>
      <FormField
        id={ids.locale}
        label={labels.locale}
        error={errors.fields.locale}
        hint="How notifications and emails write dates and times, in your time zone."
      >
        {(control) => (
          <Select {...control} value={locale} onChange={(event) => setLocale(event.target.value)}>
            {localeChoices(browser).map((tag) => (
              <option key={tag} value={tag}>
                {`${displayNames.of(tag) ?? tag} — ${formatWhen(sample, { timeZone, locale: tag, now: sample })}`}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save notification settings'}
        </Button>
        <SavedStatus message={saved} />
      </div>
    </form>
  );
}
