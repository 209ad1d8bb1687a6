import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PlusIcon, Trash2Icon } from 'lucide-react';
import { type FormEvent, useId, useRef, useState } from 'react';
import { SavedStatus } from '../../components/scheduling/SavedStatus';
import type { CoachAvailability } from '../../components/scheduling/types';
import { Button } from '../../components/ui/Button';
import { ErrorSummary } from '../../components/ui/ErrorSummary';
import { Input } from '../../components/ui/Input';
import { formErrorsFrom } from '../../lib/form-errors';
import { useFormErrors } from '../../lib/use-form-errors';
import { useTRPC } from '../../trpc';
import {
  dayName,
  newWindowFor,
  numberRows,
  sameWindows,
  validateWeekly,
  WEEK_ORDER,
  type WindowRow,
} from './weekly-grid';

// On a narrow screen the picker icon leaves no room for the time; phones open their own picker.
const timeInputClass = 'max-sm:[&::-webkit-calendar-picker-indicator]:hidden';

let nextKey = 0;
const newKey = () => `w${++nextKey}`;

function rowsFrom(weekly: CoachAvailability['weekly']): WindowRow[] {
  return weekly.map((w) => ({ key: w.id, dayOfWeek: w.dayOfWeek, startTime: w.startTime, endTime: w.endTime }));
}

/**
 * The weekly grid: for each day, the windows clients can book in (the coach's own zone).
 * Edits stay on screen until "Save weekly hours", which replaces the whole grid at once.
 */
export function WeeklyHoursForm({ availability }: { availability: CoachAvailability }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const saved = rowsFrom(availability.weekly);
  const [rows, setRows] = useState<WindowRow[]>(saved);
  const [status, setStatus] = useState<string | null>(null);
  const { errors, show, clear, summaryRef } = useFormErrors();
  const formId = useId();
  const addButtons = useRef(new Map<number, HTMLButtonElement>());
  const save = useMutation(trpc.scheduling.setWeeklyAvailability.mutationOptions());
  const names = numberRows(rows);
  const dirty = !sameWindows(rows, saved);
  const fieldId = (key: string, part: 'startTime' | 'endTime') => `${formId}-${key}-${part}`;
  // Error paths are `windows.<index>.<part>`; the summary links each to its input.
  const fieldIds = Object.fromEntries(
    rows.flatMap((row, index) => [
      [`windows.${index}.startTime`, fieldId(row.key, 'startTime')],
      [`windows.${index}.endTime`, fieldId(row.key, 'endTime')],
    ]),
  );

  const update = (key: string, patch: Partial<WindowRow>) => {
    setStatus(null);
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  };
  const add = (dayOfWeek: number) => {
    setStatus(null);
    const row = newWindowFor(rows, dayOfWeek, newKey());
    setRows((current) => [...current, row]);
    // The new window's start time is where the person carries on.
    requestAnimationFrame(() => document.getElementById(fieldId(row.key, 'startTime'))?.focus());
  };
  const remove = (row: WindowRow) => {
    setStatus(null);
    setRows((current) => current.filter((r) => r.key !== row.key));
    // The removed row's button is gone: focus the day's "Add" button instead of losing focus.
    requestAnimationFrame(() => addButtons.current.get(row.dayOfWeek)?.focus());
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setStatus(null);
    const problems = validateWeekly(rows);
    if (Object.keys(problems).length > 0) return show({ fields: problems, message: null });
    clear();
    const labels = Object.fromEntries(
      rows.flatMap((row, index) => [
        [`windows.${index}.startTime`, `${names.get(row.key)} start`],
        [`windows.${index}.endTime`, `${names.get(row.key)} end`],
      ]),
    );
    save.mutate(
      { windows: rows.map(({ dayOfWeek, startTime, endTime }) => ({ dayOfWeek, startTime, endTime })) },
      {
        onSuccess: async () => {
          await queryClient.invalidateQueries(trpc.scheduling.availability.pathFilter());
          await queryClient.invalidateQueries(trpc.scheduling.openSlots.pathFilter());
          setStatus('Weekly hours saved.');
        },
        onError: (error) => show(formErrorsFrom(error, labels)),
      },
    );
  };

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Weekly hours" className="flex flex-col gap-5">
      <ErrorSummary ref={summaryRef} errors={errors} fieldIds={fieldIds} title="The weekly hours were not saved" />
      <ul className="flex flex-col divide-y divide-border sm:rounded-xl sm:border sm:border-border">
        {WEEK_ORDER.map((day) => {
          const dayRows = rows.map((row, index) => ({ row, index })).filter(({ row }) => row.dayOfWeek === day);
          const dayHeading = `${formId}-day-${day}`;
          return (
            <li key={day} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:gap-6 sm:p-4">
              <h3 id={dayHeading} className="pt-2 font-medium sm:w-28 sm:shrink-0">
                {dayName(day)}
              </h3>
              <fieldset className="flex min-w-0 flex-1 flex-col gap-2" aria-labelledby={dayHeading}>
                {dayRows.length === 0 ? (
                  <p className="pt-2 text-sm text-muted-foreground">Not available</p>
                ) : (
                  dayRows.map(({ row, index }) => {
                    const name = names.get(row.key) ?? 'Window';
                    const startError = errors.fields[`windows.${index}.startTime`];
                    const endError = errors.fields[`windows.${index}.endTime`];
                    const errorId = `${formId}-${row.key}-error`;
                    return (
                      <div key={row.key} className="flex flex-col gap-1">
                        <div className="flex items-center gap-2">
                          <label htmlFor={fieldId(row.key, 'startTime')} className="sr-only">
                            {name} starts at
                          </label>
                          <div className="min-w-0 flex-1 sm:w-36 sm:flex-none">
                            <Input
                              id={fieldId(row.key, 'startTime')}
                              type="time"
                              step={900}
                              required
                              value={row.startTime}
                              aria-invalid={startError ? true : undefined}
                              aria-describedby={startError ? errorId : undefined}
                              onChange={(event) => update(row.key, { startTime: event.target.value })}
                              className={timeInputClass}
                            />
                          </div>
                          <span aria-hidden="true" className="text-muted-foreground">
                            –
                          </span>
                          <label htmlFor={fieldId(row.key, 'endTime')} className="sr-only">
                            {name} ends at
                          </label>
                          <div className="min-w-0 flex-1 sm:w-36 sm:flex-none">
                            <Input
                              id={fieldId(row.key, 'endTime')}
                              type="time"
                              step={900}
                              required
                              value={row.endTime}
                              aria-invalid={endError ? true : undefined}
                              aria-describedby={endError ? errorId : undefined}
                              onChange={(event) => update(row.key, { endTime: event.target.value })}
                              className={timeInputClass}
                            />
                          </div>
                          <Button variant="ghost" size="icon" onClick={() => remove(row)}>
                            <Trash2Icon className="size-4" />
                            <span className="sr-only">Remove {name}</span>
                          </Button>
                        </div>
                        <p id={errorId} className="text-sm font-medium text-danger empty:hidden">
                          {[startError, endError].filter(Boolean).join('. ')}
                        </p>
                      </div>
                    );
                  })
                )}
              </fieldset>
              <Button
                ref={(node) => {
                  if (node) addButtons.current.set(day, node);
                }}
                variant="ghost"
                size="sm"
                className="self-start"
                onClick={() => add(day)}
              >
                <PlusIcon className="size-4" />
                Add<span className="sr-only"> a window on {dayName(day)}</span>
              </Button>
            </li>
          );
        })}
      </ul>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save weekly hours'}
        </Button>
        {dirty ? (
          <>
            <Button
              variant="ghost"
              onClick={() => {
                clear();
                setRows(saved);
              }}
            >
              Undo changes
            </Button>
            <span className="text-sm font-medium text-warning-foreground">Unsaved changes</span>
          </>
        ) : null}
        <SavedStatus message={status} />
      </div>
    </form>
  );
}
