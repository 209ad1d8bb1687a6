import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useId, useState } from 'react';
import { useViewer } from '../../auth/viewer';
import { useViewerTimeZone } from '../../components/scheduling/use-time-zone';
import { Breadcrumbs, crumbClass } from '../../components/ui/Breadcrumbs';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { FormField } from '../../components/ui/FormField';
import { LoadingState } from '../../components/ui/LoadingState';
import { Textarea } from '../../components/ui/Textarea';
import type { ClientContext } from '../../lib/api-types';
import { formErrorsFrom } from '../../lib/form-errors';
import { formatDateTime } from '../../lib/format';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';
import { MoodFace } from '../onboarding/MoodFace';
import { moodLabel } from '../onboarding/mood-options';
import { SavedStatus } from '../settings/SettingsSection';
import {
  type ContextForm,
  formSnapshot,
  LIMITS,
  type ListEntry,
  type PreferenceRow,
  toContextForm,
  toContextInput,
  withoutBlankRows,
} from './context-form';
import { EditableList } from './EditableList';
import { PreferencesEditor } from './PreferencesEditor';

const route = getRouteApi('/signed-in/staff/clients/$clientId/context');

/** A coach's (or admin's) view of what the AI assistant knows about a client, and the place to correct it. */
export function ClientContextPage() {
  const { clientId } = route.useParams();
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const context = useQuery(trpc.user.clientContext.queryOptions({ clientId }));
  const back = viewer?.role === 'admin' ? 'Clients' : 'My clients';

  return (
    <div className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>
        {context.data ? `${context.data.displayName} · Client context · HybridCoach` : 'Client context · HybridCoach'}
      </title>
      <Breadcrumbs current={context.data?.displayName ?? 'Client'}>
        <Link to="/clients" className={crumbClass}>
          {back}
        </Link>
      </Breadcrumbs>
      {context.isPending ? (
        <LoadingState label="Loading the client’s context…" className="mt-8" />
      ) : context.isError ? (
        <div className="mt-8 max-w-xl">
          <h1 className="mb-4 text-2xl font-semibold tracking-tight">Client context</h1>
          <ErrorState error={context.error} title="This context could not be shown" onRetry={() => context.refetch()} />
        </div>
      ) : (
        // Keyed by client: moving to another client starts a fresh form.
        <ContextEditor key={context.data.clientId} context={context.data} />
      )}
    </div>
  );
}

function ContextEditor({ context }: { context: ClientContext }) {
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const timeZone = useViewerTimeZone();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<ContextForm>(() => toContextForm(context));
  const [baseline, setBaseline] = useState(() => formSnapshot(toContextForm(context)));
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const formId = useId();
  const notesId = `${formId}-notes`;
  const save = useMutation(trpc.user.updateClientContext.mutationOptions());
  const dirty = formSnapshot(form) !== baseline;

  const entryId = (name: string) => (entry: ListEntry) => `${formId}-${name}-${entry.id}`;
  const preferenceId = (row: PreferenceRow, part: 'key' | 'type' | 'value') => `${formId}-pref-${row.id}-${part}`;
  const fieldIds: Record<string, string> = { contextNotes: notesId };
  for (const name of ['clientFacts', 'challenges'] as const) {
    form[name].forEach((entry, index) => {
      fieldIds[`${name}.${index}`] = entryId(name)(entry);
    });
  }
  form.preferences.forEach((row, index) => {
    fieldIds[`preferences.${index}.key`] = preferenceId(row, 'key');
    fieldIds[`preferences.${index}.value`] = preferenceId(row, 'value');
  });

  const edit = (patch: Partial<ContextForm>) => {
    setSaved(null);
    setForm((current) => ({ ...current, ...patch }));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const cleaned = withoutBlankRows(form);
    setForm(cleaned);
    const { input, errors: problems } = toContextInput(cleaned);
    if (Object.keys(problems).length > 0) return show({ fields: labelled(problems, cleaned), message: null });
    clear();
    save.mutate(
      { clientId: context.clientId, ...input },
      {
        onSuccess: (next) => {
          queryClient.setQueryData(trpc.user.clientContext.queryKey({ clientId: context.clientId }), next);
          setBaseline(formSnapshot(cleaned));
          setSaved('Context saved. The AI assistant uses it from the next session.');
        },
        onError: (error) => {
          const labels: Record<string, string> = {
            contextNotes: 'Notes',
            clientFacts: 'Facts',
            challenges: 'Challenges',
          };
          cleaned.clientFacts.forEach((_, i) => {
            labels[`clientFacts.${i}`] = `Fact ${i + 1}`;
          });
          cleaned.challenges.forEach((_, i) => {
            labels[`challenges.${i}`] = `Challenge ${i + 1}`;
          });
          // The server names a preference by its key; show it on that row's value.
          cleaned.preferences.forEach((row, i) => {
            labels[`preferences.${row.key.trim()}`] = `Preference “${row.key.trim()}”`;
            labels[`preferences.${i}.value`] = `Preference “${row.key.trim()}”`;
          });
          labels.preferences = 'Preferences';
          const next = formErrorsFrom(error, labels);
          const fields: Record<string, string> = {};
          for (const [path, message] of Object.entries(next.fields)) {
            const index = cleaned.preferences.findIndex((row) => `preferences.${row.key.trim()}` === path);
            fields[index >= 0 ? `preferences.${index}.value` : path] = message;
          }
          show({ fields, message: next.message });
        },
      },
    );
  };

  return (
    <>
      <header className="mt-4 flex flex-col gap-1">
        <h1 className="text-3xl font-semibold tracking-tight">{context.displayName}</h1>
        <p className="text-muted-foreground">
          Client context: what you and the AI assistant know before each session. Keep it short and current.
        </p>
      </header>

      <div className="mt-8 grid grid-cols-1 items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Card>
          <CardContent>
            <form noValidate onSubmit={onSubmit} className="flex flex-col gap-8" aria-label="Client context">
              <ErrorSummary ref={summaryRef} errors={errors} fieldIds={fieldIds} />
              <EditableList
                name="clientFacts"
                legend="Facts"
                description="Things worth remembering: family, work, routines, what has helped before."
                itemLabel="Fact"
                addLabel="Add a fact"
                placeholder="Works night shifts twice a week"
                entries={form.clientFacts}
                onChange={(clientFacts) => edit({ clientFacts })}
                errors={errors.fields}
                inputId={entryId('clientFacts')}
              />
              <EditableList
                name="challenges"
                legend="Challenges"
                description="What the client is working through right now."
                itemLabel="Challenge"
                addLabel="Add a challenge"
                placeholder="Wakes at 4 a.m. and cannot fall asleep again"
                entries={form.challenges}
                onChange={(challenges) => edit({ challenges })}
                errors={errors.fields}
                inputId={entryId('challenges')}
              />
              <PreferencesEditor
                rows={form.preferences}
                onChange={(preferences) => edit({ preferences })}
                errors={errors.fields}
                controlId={preferenceId}
                descriptionId={`${formId}-pref-description`}
              />
              <FormField
                id={notesId}
                label={<span className="text-base font-semibold">Notes</span>}
                error={errors.fields.contextNotes}
                hint={`Anything else for you and the assistant. ${form.contextNotes.length}/${LIMITS.notesLength} characters.`}
              >
                {(control) => (
                  <Textarea
                    {...control}
                    rows={6}
                    value={form.contextNotes}
                    onChange={(event) => edit({ contextNotes: event.target.value })}
                  />
                )}
              </FormField>
              <div className="flex flex-wrap items-center gap-4 border-t border-border pt-6">
                <Button type="submit" disabled={save.isPending}>
                  {save.isPending ? 'Saving…' : 'Save context'}
                </Button>
                {dirty && !save.isPending ? (
                  <p className="text-sm text-muted-foreground">You have unsaved changes.</p>
                ) : null}
                <SavedStatus message={saved} />
              </div>
            </form>
          </CardContent>
        </Card>

        <aside aria-label="From the client and past sessions" className="flex flex-col gap-6">
          <Card>
            <CardHeader>
              <CardTitle as="h2">From onboarding</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="flex flex-col gap-4 text-sm">
                <div>
                  <dt className="font-medium text-muted-foreground">Coaching goals</dt>
                  <dd className="mt-1 whitespace-pre-line">{context.coachingGoals || 'Not given.'}</dd>
                </div>
                <div>
                  <dt className="font-medium text-muted-foreground">Symptoms</dt>
                  <dd className="mt-1 whitespace-pre-line">{context.symptoms || 'None given.'}</dd>
                </div>
                <div>
                  <dt className="font-medium text-muted-foreground">Mood at intake</dt>
                  <dd className="mt-1 flex items-center gap-2">
                    {context.initialMood ? (
                      <>
                        <MoodFace mood={context.initialMood} className="size-6 text-primary" />
                        {moodLabel(context.initialMood)} ({context.initialMood} of 5)
                      </>
                    ) : (
                      'Not given.'
                    )}
                  </dd>
                </div>
              </dl>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle as="h2">Last session summary</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-2">
              {context.lastSummary && context.lastSummaryFrom ? (
                <p className="text-sm text-muted-foreground">
                  {/* A client may see several coaches: say whose session this was, and when. */}
                  From{' '}
                  {context.lastSummaryFrom.coachId === viewer?.id
                    ? 'your session'
                    : `${context.lastSummaryFrom.coachName}’s session`}{' '}
                  that ended{' '}
                  <time dateTime={context.lastSummaryFrom.endedAt.toISOString()}>
                    {formatDateTime(context.lastSummaryFrom.endedAt, timeZone)}
                  </time>
                  .
                </p>
              ) : null}
              <p className="text-sm whitespace-pre-line">
                {context.lastSummary || 'No session has been summarised yet.'}
              </p>
            </CardContent>
          </Card>
        </aside>
      </div>
    </>
  );
}

/** Client-side problems with the labels the summary shows ("Fact 2: …"). */
function labelled(problems: Record<string, string>, form: ContextForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(problems)) {
    const [name, index, part] = path.split('.');
    const n = Number(index) + 1;
    if (name === 'clientFacts' && index) out[path] = `Fact ${n}: ${message}`;
    else if (name === 'challenges' && index) out[path] = `Challenge ${n}: ${message}`;
    else if (name === 'preferences' && index) {
      const key = form.preferences[Number(index)]?.key.trim();
      out[path] = `Preference ${n}${key ? ` (${key})` : ''} ${part === 'key' ? 'name' : 'value'}: ${message}`;
    } else if (name === 'contextNotes') out[path] = `Notes: ${message}`;
    else out[path] = message;
  }
  return out;
}
