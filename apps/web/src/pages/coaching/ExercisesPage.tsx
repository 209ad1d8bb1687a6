import { exerciseDifficulty } from '@hybridcoach/api/forms';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import { LoadingState } from '../../components/ui/LoadingState';
import { Select } from '../../components/ui/Select';
import { Textarea } from '../../components/ui/Textarea';
import { errorMessage } from '../../lib/error-message';
import { useTRPC } from '../../trpc';

const difficulties = exerciseDifficulty.options;
type Difficulty = (typeof difficulties)[number];

/** The coach's exercise library: what homework is assigned from (recap suggestions join it when assigned). */
export function ExercisesPage() {
  const trpc = useTRPC();
  const exercises = useQuery(trpc.coaching.exercises.list.queryOptions());
  return (
    <section className="mx-auto w-full max-w-5xl px-4 py-10 sm:px-6">
      <title>Exercises · HybridCoach</title>
      <h1 className="text-3xl font-semibold tracking-tight">Exercise library</h1>
      <div className="mt-8 grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div>
          {exercises.isPending ? (
            <LoadingState label="Loading your exercises…" />
          ) : exercises.isError ? (
            <ErrorState error={exercises.error} title="Could not load exercises" onRetry={() => exercises.refetch()} />
          ) : exercises.data.length === 0 ? (
            <p className="text-sm text-muted-foreground">No exercises yet. Add one, or assign a recap’s suggestion.</p>
          ) : (
            <ul className="flex flex-col gap-3">
              {exercises.data.map((e) => (
                <li key={e.id} className="rounded-xl border border-border p-4">
                  <h2 className="font-medium">{e.title}</h2>
                  <p className="mt-1 text-sm whitespace-pre-line">{e.instructions}</p>
                  <p className="mt-1 text-xs text-muted-foreground">
                    {e.category} · {Math.round(e.duration / 60)} min · {e.difficulty}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
        <Card>
          <CardHeader>
            <CardTitle as="h2">New exercise</CardTitle>
          </CardHeader>
          <CardContent>
            <NewExerciseForm />
          </CardContent>
        </Card>
      </div>
    </section>
  );
}

function NewExerciseForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const empty = {
    title: '',
    instructions: '',
    category: '',
    minutes: '10',
    difficulty: 'beginner' as Difficulty,
    media: '',
  };
  const [form, setForm] = useState(empty);
  const create = useMutation(trpc.coaching.exercises.create.mutationOptions());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        title: form.title,
        instructions: form.instructions,
        category: form.category,
        durationMinutes: Number(form.minutes),
        difficulty: form.difficulty,
        mediaUrl: form.media || undefined,
      },
      {
        onSuccess: () => {
          setForm(empty);
          void queryClient.invalidateQueries({ queryKey: trpc.coaching.exercises.list.queryKey() });
        },
      },
    );
  };
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-3">
      <FormField label="Title" required>
        {(p) => <Input {...p} value={form.title} onChange={(e) => set({ title: e.target.value })} maxLength={120} />}
      </FormField>
      <FormField label="Instructions" required>
        {(p) => (
          <Textarea {...p} rows={4} value={form.instructions} onChange={(e) => set({ instructions: e.target.value })} />
        )}
      </FormField>
      <FormField label="Category" required>
        {(p) => (
          <Input {...p} value={form.category} onChange={(e) => set({ category: e.target.value })} maxLength={40} />
        )}
      </FormField>
      <FormField label="Minutes">
        {(p) => (
          <Input
            {...p}
            type="number"
            min={1}
            max={240}
            value={form.minutes}
            onChange={(e) => set({ minutes: e.target.value })}
          />
        )}
      </FormField>
      <FormField label="Difficulty">
        {(p) => (
          <Select {...p} value={form.difficulty} onChange={(e) => set({ difficulty: e.target.value as Difficulty })}>
            {difficulties.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <FormField label="Video or audio link">
        {(p) => <Input {...p} type="url" value={form.media} onChange={(e) => set({ media: e.target.value })} />}
      </FormField>
      {create.isError ? <Alert tone="danger">{errorMessage(create.error)}</Alert> : null}
      <Button type="submit" disabled={create.isPending} className="self-start">
        Add exercise
      </Button>
    </form>
  );
}
