import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useViewer } from '../../auth/viewer';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Breadcrumbs, crumbClass } from '../../components/ui/Breadcrumbs';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { LoadingState } from '../../components/ui/LoadingState';
import { Textarea } from '../../components/ui/Textarea';
import type { RouterOutputs } from '../../lib/api-types';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { ProgressForm } from './GoalList';
import { aWeekFromNow, endOfLocalDay } from './goal-progress';
import { recapText } from './recap-text';

const route = getRouteApi('/signed-in/coach-only/sessions/$appointmentId/recap');

type Review = RouterOutputs['coaching']['recap']['draft'];
type Recap = NonNullable<Review['draft']>['recap'];

/**
 * The coach reviews a session's recap: edits and publishes the text (only then does the client
 * see it), accepts or rejects proposed facts and challenges, records goal progress and assigns
 * suggested homework — each one click.
 */
export function RecapReviewPage() {
  const { appointmentId } = route.useParams();
  const trpc = useTRPC();
  const viewer = useViewer().data;
  const review = useQuery(trpc.coaching.recap.draft.queryOptions({ appointmentId }));
  const timeZone = viewer?.timezone ?? 'UTC';
  return (
    <section className="mx-auto w-full max-w-5xl px-4 py-10 sm:px-6">
      <title>Review recap · HybridCoach</title>
      <Breadcrumbs current="Recap">
        <Link to="/sessions" className={crumbClass}>
          Sessions
        </Link>
        <Link to="/sessions/$appointmentId" params={{ appointmentId }} className={crumbClass}>
          Session
        </Link>
      </Breadcrumbs>
      {review.isPending ? (
        <LoadingState label="Loading the recap…" className="mt-8" />
      ) : review.isError ? (
        <ErrorState error={review.error} title="This recap could not be shown" onRetry={() => review.refetch()} />
      ) : (
        <>
          <h1 className="mt-4 text-3xl font-semibold tracking-tight">
            Recap: {review.data.clientName}, {formatDateTime(review.data.scheduledFor, timeZone)}
          </h1>
          <div className="mt-8 flex flex-col gap-6">
            <PublishCard review={review.data} />
            {review.data.draft ? <DraftParts review={review.data} recap={review.data.draft.recap} /> : null}
            <NoteCard clientId={review.data.clientId} appointmentId={appointmentId} />
          </div>
        </>
      )}
    </section>
  );
}

function PublishCard({ review }: { review: Review }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const initial = review.summary ?? (review.draft ? recapText(review.draft.recap) : null) ?? review.aiSummary ?? '';
  const [text, setText] = useState(initial);
  const publish = useMutation(
    trpc.coaching.recap.publish.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.coaching.recap.draft.queryKey() }),
    }),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    publish.mutate({ appointmentId: review.appointmentId, summary: text });
  };
  const source = review.draft?.source;
  return (
    <Card>
      <CardHeader className="sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-1.5">
          <CardTitle as="h2">Recap for the client</CardTitle>
          <CardDescription>
            {source === 'llm'
              ? 'Drafted by the AI from the transcript and chat. Edit it, then publish: only then does the client see it.'
              : source === 'extractive'
                ? 'Drafted from the session’s own sentences (no AI model is configured). Edit it, then publish.'
                : 'No draft: write the recap yourself.'}
          </CardDescription>
        </div>
        {review.summaryPublishedAt ? <Badge tone="success">Published</Badge> : <Badge tone="warning">Draft</Badge>}
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="flex flex-col gap-3">
          <FormField label="Recap text" error={publish.isError ? errorMessage(publish.error) : null}>
            {(p) => (
              <Textarea {...p} rows={10} value={text} onChange={(e) => setText(e.target.value)} maxLength={8000} />
            )}
          </FormField>
          {publish.isSuccess ? <Alert tone="success">Published. The client has been told.</Alert> : null}
          <Button type="submit" disabled={publish.isPending || text.trim() === ''} className="self-start">
            {review.summaryPublishedAt ? 'Publish changes' : 'Publish recap'}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}

function DraftParts({ review, recap }: { review: Review; recap: Recap }) {
  const decisions = review.draft?.decisions ?? {};
  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Proposed for the client’s context</CardTitle>
          <CardDescription>Accepted items join what the assistant knows in the next session.</CardDescription>
        </CardHeader>
        <CardContent>
          {recap.proposedFacts.length + recap.proposedChallenges.length === 0 ? (
            <p className="text-sm text-muted-foreground">Nothing new was proposed.</p>
          ) : (
            <ul className="flex flex-col gap-3">
              {recap.proposedFacts.map((text, index) => (
                <Proposal
                  key={`fact:${text}`}
                  appointmentId={review.appointmentId}
                  kind="fact"
                  index={index}
                  text={text}
                  decision={decisions[`fact:${index}`]}
                />
              ))}
              {recap.proposedChallenges.map((text, index) => (
                <Proposal
                  key={`challenge:${text}`}
                  appointmentId={review.appointmentId}
                  kind="challenge"
                  index={index}
                  text={text}
                  decision={decisions[`challenge:${index}`]}
                />
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Goal progress</CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          {review.goals.length === 0 ? (
            <p className="text-sm text-muted-foreground">The client has no active goals.</p>
          ) : (
            review.goals.map((goal) => {
              const proposed = recap.goalProgress.find((g) => g.goalId === goal.id);
              return (
                <section key={goal.id} aria-label={goal.title} className="flex flex-col gap-2">
                  <h3 className="font-medium">{goal.title}</h3>
                  {goal.latest ? (
                    <p className="text-xs text-muted-foreground">
                      Last recorded: {goal.latest.rating}/5 — {goal.latest.note}
                    </p>
                  ) : null}
                  <ProgressForm
                    goalId={goal.id}
                    appointmentId={review.appointmentId}
                    proposed={proposed && { rating: proposed.rating, note: proposed.note }}
                  />
                </section>
              );
            })
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle as="h2">Suggested homework</CardTitle>
        </CardHeader>
        <CardContent>
          {recap.suggestedHomework.length === 0 ? (
            <p className="text-sm text-muted-foreground">No homework was suggested.</p>
          ) : (
            <ul className="flex flex-col gap-4">
              {recap.suggestedHomework.map((s) => (
                <Suggestion key={s.title} review={review} suggestion={s} />
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
      {recap.followUpQuestions.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle as="h2">For next time</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="list-disc pl-5 text-sm">
              {recap.followUpQuestions.map((q) => (
                <li key={q}>{q}</li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}

function Proposal(props: {
  appointmentId: string;
  kind: 'fact' | 'challenge';
  index: number;
  text: string;
  decision: 'accepted' | 'rejected' | undefined;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState(props.text);
  const decide = useMutation(
    trpc.coaching.recap.decide.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.coaching.recap.draft.queryKey() }),
    }),
  );
  const label = props.kind === 'fact' ? 'Fact' : 'Challenge';
  return (
    <li className="flex flex-col gap-2 rounded-xl border border-border p-3" data-testid="proposal">
      {props.decision ? (
        <p className="text-sm">
          <Badge tone={props.decision === 'accepted' ? 'success' : 'neutral'}>{props.decision}</Badge> {label}:{' '}
          {props.text}
        </p>
      ) : (
        <>
          <FormField label={`Proposed ${label.toLowerCase()}`}>
            {(p) => <Input {...p} value={text} onChange={(e) => setText(e.target.value)} maxLength={300} />}
          </FormField>
          <div className="flex gap-2">
            <Button
              size="sm"
              disabled={decide.isPending}
              onClick={() =>
                decide.mutate({
                  appointmentId: props.appointmentId,
                  kind: props.kind,
                  index: props.index,
                  decision: 'accepted',
                  text: text === props.text ? undefined : text,
                })
              }
            >
              Accept
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={decide.isPending}
              onClick={() =>
                decide.mutate({
                  appointmentId: props.appointmentId,
                  kind: props.kind,
                  index: props.index,
                  decision: 'rejected',
                })
              }
            >
              Reject
            </Button>
          </div>
        </>
      )}
      {decide.isError ? <Alert tone="danger">{errorMessage(decide.error)}</Alert> : null}
    </li>
  );
}

function Suggestion({ review, suggestion }: { review: Review; suggestion: Recap['suggestedHomework'][number] }) {
  const trpc = useTRPC();
  const [due, setDue] = useState(aWeekFromNow);
  const assign = useMutation(trpc.coaching.homework.assign.mutationOptions());
  return (
    <li className="flex flex-col gap-2 rounded-xl border border-border p-3">
      <h3 className="font-medium">{suggestion.title}</h3>
      <p className="text-sm whitespace-pre-line">{suggestion.instructions}</p>
      <p className="text-xs text-muted-foreground">
        {suggestion.category} · {suggestion.durationMinutes} min · {suggestion.difficulty}
      </p>
      {assign.isSuccess ? (
        <p className="text-sm font-medium">Assigned to {review.clientName}.</p>
      ) : (
        <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <FormField label={`Due date for ${suggestion.title}`}>
            {(p) => <Input {...p} type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
          </FormField>
          <Button
            disabled={assign.isPending}
            onClick={() =>
              assign.mutate({
                clientId: review.clientId,
                suggestion,
                dueDate: due ? endOfLocalDay(due) : undefined,
                appointmentId: review.appointmentId,
              })
            }
          >
            Assign as homework
          </Button>
        </div>
      )}
      {assign.isError ? <Alert tone="danger">{errorMessage(assign.error)}</Alert> : null}
    </li>
  );
}

function NoteCard({ clientId, appointmentId }: { clientId: string; appointmentId: string }) {
  const trpc = useTRPC();
  const [content, setContent] = useState('');
  const add = useMutation(trpc.coaching.notes.add.mutationOptions());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ clientId, appointmentId, content }, { onSuccess: () => setContent('') });
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Private note</CardTitle>
        <CardDescription>Only you see your notes; never the client, never another coach.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="flex flex-col gap-3">
          <FormField label="Note about this session" error={add.isError ? errorMessage(add.error) : null}>
            {(p) => <Textarea {...p} rows={3} value={content} onChange={(e) => setContent(e.target.value)} />}
          </FormField>
          {add.isSuccess ? <p className="text-sm text-muted-foreground">Note saved.</p> : null}
          <Button
            type="submit"
            variant="outline"
            disabled={add.isPending || content.trim() === ''}
            className="self-start"
          >
            Save note
          </Button>
          <Link to="/clients/$clientId/coaching" params={{ clientId }} className="text-sm underline">
            All notes, goals and homework of this client
          </Link>
        </form>
      </CardContent>
    </Card>
  );
}
