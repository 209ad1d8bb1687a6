import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { Button } from '../../components/ui/Button';
import { FormField } from '../../components/ui/FormField';
import { Input } from '../../components/ui/Input';
import type { RouterOutputs } from '../../lib/api-types';
import { errorMessage } from '../../lib/error-message';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';

type Assignment = RouterOutputs['coaching']['homework']['list'][number];

/** Homework with its state; the client marks theirs done with a note, the coach reads completion. */
export function HomeworkList({
  items,
  timeZone,
  canComplete,
}: {
  items: Assignment[];
  timeZone: string;
  canComplete: boolean;
}) {
  if (items.length === 0) return <p className="text-sm text-muted-foreground">No homework assigned.</p>;
  return (
    <ul className="flex flex-col gap-3">
      {items.map((a) => (
        <li key={a.id} className="rounded-xl border border-border p-4" data-testid="homework">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h3 className="font-medium">{a.exercise.title}</h3>
            {a.completed ? (
              <Badge tone="success">Done</Badge>
            ) : a.overdue ? (
              <Badge tone="danger">Overdue</Badge>
            ) : (
              <Badge>Open</Badge>
            )}
          </div>
          <p className="mt-1 text-sm whitespace-pre-line">{a.exercise.instructions}</p>
          <p className="mt-1 text-xs text-muted-foreground">
            {Math.round(a.exercise.duration / 60)} min · {a.exercise.difficulty}
            {a.dueDate ? ` · due ${formatDateTime(a.dueDate, timeZone)}` : ''}
            {a.exercise.videoUrl ? (
              <>
                {' · '}
                <a href={a.exercise.videoUrl} className="underline" target="_blank" rel="noreferrer">
                  media
                </a>
              </>
            ) : null}
          </p>
          {a.completed ? (
            <p className="mt-2 text-sm">
              Done {a.completedAt ? formatDateTime(a.completedAt, timeZone) : ''}
              {a.completionNote ? `: “${a.completionNote}”` : ''}
            </p>
          ) : canComplete ? (
            <CompleteForm assignmentId={a.id} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function CompleteForm({ assignmentId }: { assignmentId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const complete = useMutation(trpc.coaching.homework.complete.mutationOptions());
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    complete.mutate(
      { assignmentId, note: note || undefined },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.coaching.homework.list.queryKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.coaching.dashboard.client.queryKey() });
        },
      },
    );
  };
  return (
    <form onSubmit={onSubmit} className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-end">
      <FormField label="How did it go?" className="flex-1">
        {(p) => <Input {...p} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />}
      </FormField>
      <Button type="submit" disabled={complete.isPending}>
        Mark done
      </Button>
      {complete.isError ? <Alert tone="danger">{errorMessage(complete.error)}</Alert> : null}
    </form>
  );
}
