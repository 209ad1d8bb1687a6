import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { refreshViewer, useViewer } from '../../auth/viewer';
import { TimeZoneSelect } from '../../components/scheduling/TimeZoneSelect';
import { Button } from '../../components/ui/Button';
import { Card, CardContent } from '../../components/ui/Card';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { Spinner } from '../../components/ui/Spinner';
import { Textarea } from '../../components/ui/Textarea';
import { cx } from '../../lib/class-names';
import { type FormErrors, formErrorsFrom } from '../../lib/form-errors';
import { deviceTimeZone, timeNowIn } from '../../lib/timezones';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';
import { MoodFace } from './MoodFace';
import { moodOptions } from './mood-options';

const labels = { coachingGoals: 'Coaching goals', symptoms: 'Symptoms', initialMood: 'Mood', timezone: 'Time zone' };

function validate(goals: string, mood: number | null): FormErrors {
  const fields: Record<string, string> = {};
  if (goals.trim().length < 3) fields.coachingGoals = 'Tell us what you would like to work on (at least 3 characters)';
  if (mood === null) fields.initialMood = 'Choose how you feel right now';
  return { fields, message: null };
}

/** The intake a new client fills in once, before anything else: it starts their coaching context. */
export function OnboardingPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const viewer = useViewer().data;
  const [goals, setGoals] = useState('');
  const [symptoms, setSymptoms] = useState('');
  const [mood, setMood] = useState<number | null>(null);
  // New accounts start on UTC: this device's zone is the likely answer, shown for the member to confirm.
  const detected = deviceTimeZone();
  const [timezone, setTimezone] = useState(() => detected ?? viewer?.timezone ?? 'UTC');
  const [finishing, setFinishing] = useState(false);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const ids = { coachingGoals: useId(), symptoms: useId(), initialMood: useId(), timezone: useId() };
  const moodLegendId = useId();
  const moodErrorId = useId();
  const complete = useMutation(trpc.user.completeOnboarding.mutationOptions());

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const problems = validate(goals, mood);
    if (Object.keys(problems.fields).length > 0 || mood === null) return show(problems);
    clear();
    complete.mutate(
      { coachingGoals: goals.trim(), symptoms: symptoms.trim(), initialMood: mood, timezone },
      {
        onSuccess: async (profile) => {
          setFinishing(true);
          queryClient.setQueryData(trpc.user.profile.queryKey(), profile);
          await refreshViewer(queryClient);
          await navigate({ to: '/dashboard', replace: true });
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  const moodError = errors.fields.initialMood;
  const busy = complete.isPending || finishing;

  return (
    <section className="mx-auto w-full max-w-2xl px-4 py-10 sm:px-6 sm:py-16">
      <title>Welcome · HybridCoach</title>
      <p className="text-sm font-semibold text-primary">Getting started</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight">Welcome{viewer ? `, ${viewer.displayName}` : ''}</h1>
      <p className="mt-3 text-muted-foreground">
        A few questions before your first session. Your coach and the AI assistant read your answers, so nobody has to
        start from zero. You can change what you share later with your coach.
      </p>

      <Card className="mt-8">
        <CardContent>
          <form noValidate onSubmit={onSubmit} className="flex flex-col gap-7" aria-label="About you">
            <ErrorSummary ref={summaryRef} errors={errors} fieldIds={ids} />

            <FormField
              id={ids.coachingGoals}
              label="What would you like to work on?"
              required
              error={errors.fields.coachingGoals}
              hint="For example: calmer mornings, sleeping through the night, handling stress at work."
            >
              {(control) => (
                <Textarea {...control} rows={4} value={goals} onChange={(event) => setGoals(event.target.value)} />
              )}
            </FormField>

            <FormField
              id={ids.symptoms}
              label="Anything your body is telling you?"
              error={errors.fields.symptoms}
              hint="Optional. Symptoms you notice, such as tension, poor sleep or a racing heart."
            >
              {(control) => (
                <Textarea
                  {...control}
                  required={undefined}
                  rows={3}
                  value={symptoms}
                  onChange={(event) => setSymptoms(event.target.value)}
                />
              )}
            </FormField>

            {/* Native radios: arrow keys move along the scale, and each is announced with its label. */}
            <div
              role="radiogroup"
              aria-labelledby={moodLegendId}
              aria-describedby={moodError ? moodErrorId : undefined}
              aria-invalid={moodError ? true : undefined}
              aria-required="true"
              className="flex flex-col gap-3"
            >
              <p id={moodLegendId} className="text-sm font-medium">
                How are you feeling right now?
                <span className="ml-0.5 text-danger" aria-hidden="true">
                  *
                </span>
              </p>
              <div className="grid grid-cols-5 gap-2">
                {moodOptions.map((option, index) => (
                  <label
                    key={option.value}
                    className={cx(
                      'flex cursor-pointer flex-col items-center gap-1.5 rounded-xl border border-input bg-card px-1 py-3 text-center transition-colors',
                      'hover:bg-muted has-checked:border-primary has-checked:bg-accent has-checked:text-accent-foreground',
                      'has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-ring',
                      moodError && 'border-danger',
                    )}
                  >
                    <input
                      // The first radio carries the id the error summary links to.
                      id={index === 0 ? ids.initialMood : undefined}
                      type="radio"
                      name="initialMood"
                      value={option.value}
                      checked={mood === option.value}
                      onChange={() => setMood(option.value)}
                      className="sr-only"
                    />
                    <MoodFace mood={option.value} className="size-8 opacity-80" />
                    <span className="text-xs font-medium sm:text-sm">
                      {option.label}
                      <span className="sr-only"> ({option.value} of 5)</span>
                    </span>
                  </label>
                ))}
              </div>
              <p id={moodErrorId} aria-live="polite" className="text-sm font-medium text-danger empty:hidden">
                {moodError}
              </p>
            </div>

            <FormField
              id={ids.timezone}
              label="Your time zone"
              required
              error={errors.fields.timezone}
              hint={
                <>
                  {timezone === detected ? 'Detected from this device. ' : ''}
                  Session times are shown in this zone
                  {timeNowIn(timezone) ? ` (it is ${timeNowIn(timezone)} there now)` : ''}. Change it if that is not
                  where you are.
                </>
              }
            >
              {(control) => <TimeZoneSelect {...control} value={timezone} onChange={setTimezone} />}
            </FormField>

            <div className="flex flex-col-reverse gap-3 sm:flex-row sm:items-center sm:justify-between">
              <p className="text-xs text-muted-foreground">Only you, your coaches and the AI assistant see this.</p>
              <Button type="submit" size="lg" disabled={busy}>
                {busy ? <Spinner className="size-4" /> : null}
                {busy ? 'Saving…' : 'Continue to your dashboard'}
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
    </section>
  );
}
