import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useViewer } from '../../auth/viewer';
import { Alert } from '../../components/ui/Alert';
import { Breadcrumbs, crumbClass } from '../../components/ui/Breadcrumbs';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { LoadingState } from '../../components/ui/LoadingState';
import { Select } from '../../components/ui/Select';
import { Textarea } from '../../components/ui/Textarea';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { GoalList, NewGoalForm } from './GoalList';
import { aWeekFromNow, endOfLocalDay } from './goal-progress';
import { HomeworkList } from './HomeworkList';

const route = getRouteApi('/signed-in/coach-only/clients/$clientId/coaching');

/** A coach's working page for one client: private notes, goals and progress, homework. */
export function ClientCoachingPage() {
  const { clientId } = route.useParams();
  const trpc = useTRPC();
  const timeZone = useViewer().data?.timezone ?? 'UTC';
  const goals = useQuery(trpc.coaching.goals.list.queryOptions({ clientId }));
  const homework = useQuery(trpc.coaching.homework.list.queryOptions({ clientId }));
  return (
    <section className="mx-auto w-full max-w-6xl px-4 py-10 sm:px-6">
      <title>Coaching · HybridCoach</title>
      <Breadcrumbs current="Coaching">
        <Link to="/clients" className={crumbClass}>
          My clients
        </Link>
      </Breadcrumbs>
      <h1 className="mt-4 text-3xl font-semibold tracking-tight">Notes, goals and homework</h1>
      <p className="mt-2 text-sm text-muted-foreground">
        <Link to="/clients/$clientId/context" params={{ clientId }} className="underline">
          What the assistant knows about this client
        </Link>
      </p>
      <div className="mt-8 grid gap-6 lg:grid-cols-2">
        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader>
              <CardTitle as="h2">Goals</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-6">
              {goals.isPending ? (
                <LoadingState label="Loading goals…" />
              ) : goals.isError ? (
                <ErrorState error={goals.error} title="Could not load the goals" onRetry={() => goals.refetch()} />
              ) : (
                <GoalList goals={goals.data} timeZone={timeZone} canRecord />
              )}
              <NewGoalForm clientId={clientId} />
            </CardContent>
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader>
              <CardTitle as="h2">Homework</CardTitle>
            </CardHeader>
            <CardContent className="flex flex-col gap-6">
              {homework.isPending ? (
                <LoadingState label="Loading homework…" />
              ) : homework.isError ? (
                <ErrorState error={homework.error} title="Could not load homework" onRetry={() => homework.refetch()} />
              ) : (
                <HomeworkList items={homework.data} timeZone={timeZone} canComplete={false} />
              )}
              <AssignForm clientId={clientId} />
            </CardContent>
          </Card>
          <Notes clientId={clientId} timeZone={timeZone} />
        </div>
      </div>
    </section>
  );
}

function AssignForm({ clientId }: { clientId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const exercises = useQuery(trpc.coaching.exercises.list.queryOptions());
  const [exerciseId, setExerciseId] = useState('');
  const [due, setDue] = useState(aWeekFromNow);
  const assign = useMutation(trpc.coaching.homework.assign.mutationOptions());
  if (!exercises.data || exercises.data.length === 0)
    return (
      <p className="text-sm text-muted-foreground">
        Your{' '}
        <Link to="/exercises" className="underline">
          exercise library
        </Link>{' '}
        is empty.
      </p>
    );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    assign.mutate(
      { clientId, exerciseId, dueDate: due ? endOfLocalDay(due) : undefined },
      { onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.coaching.homework.list.queryKey() }) },
    );
  };
  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
      <FormField label="Exercise">
        {(p) => (
          <Select {...p} value={exerciseId} onChange={(e) => setExerciseId(e.target.value)} required>
            <option value="">Choose…</option>
            {exercises.data.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Due">
        {(p) => <Input {...p} type="date" value={due} onChange={(e) => setDue(e.target.value)} />}
      </FormField>
      <Button type="submit" disabled={assign.isPending || !exerciseId}>
        Assign
      </Button>
      {assign.isError ? <Alert tone="danger">{errorMessage(assign.error)}</Alert> : null}
    </form>
  );
}

function Notes({ clientId, timeZone }: { clientId: string; timeZone: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notes = useQuery(trpc.coaching.notes.list.queryOptions({ clientId }));
  const [content, setContent] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.coaching.notes.list.queryKey({ clientId }) });
  const add = useMutation(trpc.coaching.notes.add.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.coaching.notes.remove.mutationOptions({ onSuccess: refresh }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ clientId, content }, { onSuccess: () => setContent('') });
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Private notes</CardTitle>
        <CardDescription>Yours alone: the client and other coaches never see them.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <form onSubmit={onSubmit} className="flex flex-col gap-2">
          <FormField label="New note" error={add.isError ? errorMessage(add.error) : null}>
            {(p) => <Textarea {...p} rows={3} value={content} onChange={(e) => setContent(e.target.value)} />}
          </FormField>
          <Button
            type="submit"
            variant="outline"
            disabled={add.isPending || content.trim() === ''}
            className="self-start"
          >
            Add note
          </Button>
        </form>
        {notes.isError ? (
          <ErrorState error={notes.error} title="Could not load notes" onRetry={() => notes.refetch()} />
        ) : null}
        <ul className="flex flex-col gap-3">
          {notes.data?.map((n) => (
            <li key={n.id} className="rounded-xl border border-border p-3 text-sm">
              <p className="whitespace-pre-line">{n.content}</p>
              <p className="mt-1 flex items-center justify-between text-xs text-muted-foreground">
                {formatDateTime(n.createdAt, timeZone)}
                <Button size="sm" variant="ghost" onClick={() => remove.mutate({ noteId: n.id })}>
                  Delete
                </Button>
              </p>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
