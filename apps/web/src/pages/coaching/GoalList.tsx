import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { DailyChart } from '../../components/charts/DailyChart';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { Select } from '../../components/ui/Select';
import { Textarea } from '../../components/ui/Textarea';
import type { RouterOutputs } from '../../lib/api-types';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { progressByDay } from './goal-progress';

type Goal = RouterOutputs['coaching']['goals']['list'][number];

const statusTone = { active: 'brand', achieved: 'success', abandoned: 'neutral' } as const;

/** Goals with their progress over time (chart and list); the coach records progress, both close goals. */
export function GoalList({ goals, timeZone, canRecord }: { goals: Goal[]; timeZone: string; canRecord: boolean }) {
  if (goals.length === 0) return <p className="text-sm text-muted-foreground">No goals yet.</p>;
  return (
    <ul className="flex flex-col gap-4">
      {goals.map((goal) => (
        <li key={goal.id}>
          <GoalCard goal={goal} timeZone={timeZone} canRecord={canRecord} />
        </li>
      ))}
    </ul>
  );
}

function GoalCard({ goal, timeZone, canRecord }: { goal: Goal; timeZone: string; canRecord: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.coaching.goals.list.queryKey() });
  const setStatus = useMutation(trpc.coaching.goals.setStatus.mutationOptions({ onSuccess: refresh }));
  const { days, ratings } = progressByDay(goal.progress);
  return (
    <Card>
      <CardHeader className="sm:flex-row sm:items-start sm:justify-between">
        <div className="flex flex-col gap-1">
          <CardTitle as="h3">{goal.title}</CardTitle>
          {goal.description ? <p className="text-sm text-muted-foreground">{goal.description}</p> : null}
          {goal.targetDate ? (
            <p className="text-xs text-muted-foreground">Target: {formatDateTime(goal.targetDate, timeZone)}</p>
          ) : null}
        </div>
        <Badge tone={statusTone[goal.status]}>{goal.status}</Badge>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {days.length > 0 ? (
          <DailyChart
            days={days}
            kind="lines"
            yMax={5}
            series={[{ label: 'Progress (1–5)', values: ratings, colorClass: 'text-primary' }]}
          />
        ) : null}
        <section aria-label={`Progress on ${goal.title}`}>
          {goal.progress.length === 0 ? (
            <p className="text-sm text-muted-foreground">No progress recorded yet.</p>
          ) : (
            <ol className="flex flex-col gap-1 text-sm" data-testid="goal-progress">
              {goal.progress.map((p) => (
                <li key={p.id}>
                  <strong>{p.rating}/5</strong> — {p.note}{' '}
                  <span className="text-muted-foreground">({formatDateTime(p.createdAt, timeZone)})</span>
                </li>
              ))}
            </ol>
          )}
        </section>
        {canRecord && goal.status === 'active' ? <ProgressForm goalId={goal.id} onDone={refresh} /> : null}
        <div className="flex flex-wrap gap-2">
          {goal.status === 'active' ? (
            <>
              <Button
                size="sm"
                variant="outline"
                onClick={() => setStatus.mutate({ goalId: goal.id, status: 'achieved' })}
              >
                Mark achieved
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setStatus.mutate({ goalId: goal.id, status: 'abandoned' })}
              >
                Abandon
              </Button>
            </>
          ) : (
            <Button size="sm" variant="ghost" onClick={() => setStatus.mutate({ goalId: goal.id, status: 'active' })}>
              Reopen
            </Button>
          )}
        </div>
        {setStatus.isError ? <Alert tone="danger">{errorMessage(setStatus.error)}</Alert> : null}
      </CardContent>
    </Card>
  );
}

/** Rating 1–5 and a note; pre-filled when a recap proposed them. */
export function ProgressForm({
  goalId,
  appointmentId,
  proposed,
  onDone,
}: {
  goalId: string;
  appointmentId?: string;
  proposed?: { rating: number; note: string };
  onDone?: () => void;
}) {
  const trpc = useTRPC();
  const [rating, setRating] = useState(String(proposed?.rating ?? 3));
  const [note, setNote] = useState(proposed?.note ?? '');
  const [saved, setSaved] = useState(false);
  const record = useMutation(trpc.coaching.goals.recordProgress.mutationOptions());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    record.mutate(
      { goalId, rating: Number(rating), note, appointmentId },
      {
        onSuccess: () => {
          setSaved(true);
          onDone?.();
        },
      },
    );
  };
  if (saved) return <p className="text-sm text-muted-foreground">Progress recorded.</p>;
  return (
    <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-[8rem_1fr_auto] sm:items-end">
      <FormField label="Progress">
        {(p) => (
          <Select {...p} value={rating} onChange={(e) => setRating(e.target.value)}>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n} of 5
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Progress note" error={record.isError ? errorMessage(record.error) : null}>
        {(p) => <Input {...p} value={note} onChange={(e) => setNote(e.target.value)} required maxLength={1000} />}
      </FormField>
      <Button type="submit" disabled={record.isPending}>
        Record progress
      </Button>
    </form>
  );
}

/** A new goal: what, why, by when. The client sets their own; a coach sets one for their client. */
export function NewGoalForm({ clientId }: { clientId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [why, setWhy] = useState('');
  const [target, setTarget] = useState('');
  const create = useMutation(trpc.coaching.goals.create.mutationOptions());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { clientId, title, why: why || undefined, targetDate: target ? new Date(`${target}T23:59:00`) : undefined },
      {
        onSuccess: () => {
          setTitle('');
          setWhy('');
          setTarget('');
          void queryClient.invalidateQueries({ queryKey: trpc.coaching.goals.list.queryKey() });
        },
      },
    );
  };
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3">
      <FormField label="Goal" required>
        {(p) => <Input {...p} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />}
      </FormField>
      <FormField label="Why it matters">
        {(p) => <Textarea {...p} rows={2} value={why} onChange={(e) => setWhy(e.target.value)} maxLength={2000} />}
      </FormField>
      <FormField label="Target date">
        {(p) => <Input {...p} type="date" value={target} onChange={(e) => setTarget(e.target.value)} />}
      </FormField>
      {create.isError ? <Alert tone="danger">{errorMessage(create.error)}</Alert> : null}
      <Button type="submit" disabled={create.isPending} className="self-start">
        Add goal
      </Button>
    </form>
  );
}
