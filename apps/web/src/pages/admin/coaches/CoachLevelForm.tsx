import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { SavedStatus } from '../../../components/scheduling/SavedStatus';
import { Button } from '../../../components/ui/Button';
import { FormField } from '../../../components/ui/FormField';
import { Select } from '../../../components/ui/Select';
import { errorMessage } from '../../../lib/error-message';
import { useTRPC } from '../../../trpc';

const LEVELS = [1, 2, 3, 4, 5] as const;

/** An admin sets a coach's level (1–5, or none); clients see it on the coach's card. */
export function CoachLevelForm({
  coachId,
  coachName,
  level,
}: {
  coachId: string;
  coachName: string;
  level: number | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(level === null ? '' : String(level));
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation(
    trpc.user.setCoachLevel.mutationOptions({
      onSuccess: async (result) => {
        setSaved(result.coachLevel === null ? 'Level removed.' : `Level ${result.coachLevel} saved.`);
        // The cards (booking, landing, this page) and the user pages show it.
        await Promise.all([
          queryClient.invalidateQueries(trpc.coach.pathFilter()),
          queryClient.invalidateQueries(trpc.admin.coaches.pathFilter()),
          queryClient.invalidateQueries(trpc.admin.users.pathFilter()),
        ]);
      },
    }),
  );
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    save.mutate({ coachId, coachLevel: value === '' ? null : Number(value) });
  };
  return (
    <form onSubmit={onSubmit} aria-label={`Level of ${coachName}`} className="flex flex-wrap items-end gap-3">
      <FormField label="Coach level" className="w-40" error={save.isError ? errorMessage(save.error) : null}>
        {(control) => (
          <Select {...control} value={value} onChange={(event) => setValue(event.target.value)}>
            <option value="">No level</option>
            {LEVELS.map((n) => (
              <option key={n} value={n}>
                Level {n}
              </option>
            ))}
          </Select>
        )}
      </FormField>
      <Button
        type="submit"
        variant="outline"
        disabled={save.isPending || value === (level === null ? '' : String(level))}
      >
        {save.isPending ? 'Saving…' : 'Save level'}
      </Button>
      <SavedStatus message={saved} />
    </form>
  );
}
