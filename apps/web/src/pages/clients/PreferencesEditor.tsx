import { PlusIcon, Trash2Icon } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { Button } from '../../components/ui/Button';
import { Input } from '../../components/ui/Input';
import { Label } from '../../components/ui/Label';
import { Select } from '../../components/ui/Select';
import { cx } from '../../lib/class-names';
import { type PreferenceRow, type PreferenceType, rowId } from './context-form';

export interface PreferencesEditorProps {
  rows: PreferenceRow[];
  onChange: (rows: PreferenceRow[]) => void;
  errors: Record<string, string>;
  /** Ids of a row's controls, shared with the parent for the error summary's links. */
  controlId: (row: PreferenceRow, part: 'key' | 'type' | 'value') => string;
  descriptionId: string;
}

const typeLabels: Record<PreferenceType, string> = { text: 'Words', number: 'A number', boolean: 'Yes or no' };

/** Preferences as rows of a preference, the kind of answer, and the answer ("session length", a number, 30). */
export function PreferencesEditor({ rows, onChange, errors, controlId, descriptionId }: PreferencesEditorProps) {
  const addButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<string | null>(null);

  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    if (target === 'add') addButton.current?.focus();
    else document.getElementById(target)?.focus();
  });

  const update = (id: string, patch: Partial<PreferenceRow>) =>
    onChange(rows.map((row) => (row.id === id ? { ...row, ...patch } : row)));

  const add = () => {
    const row: PreferenceRow = { id: rowId(), key: '', type: 'text', value: '' };
    focusNext.current = controlId(row, 'key');
    onChange([...rows, row]);
  };

  const remove = (index: number) => {
    const next = rows[index + 1] ?? rows[index - 1];
    focusNext.current = next ? controlId(next, 'key') : 'add';
    onChange(rows.filter((_, i) => i !== index));
  };

  return (
    <fieldset aria-describedby={descriptionId}>
      <legend className="float-left w-full text-base font-semibold">Preferences</legend>
      <div className="clear-both flex flex-col gap-3 pt-1">
        <p id={descriptionId} className="text-sm text-muted-foreground">
          How the client likes to work, as name and value: “session length” 30, “prefers video” yes.
        </p>
        {rows.length > 0 ? (
          <ul className="flex flex-col gap-3">
            {rows.map((row, index) => {
              const keyError = errors[`preferences.${index}.key`];
              const valueError = errors[`preferences.${index}.value`];
              const n = index + 1;
              return (
                <li
                  key={row.id}
                  className="grid grid-cols-[minmax(0,1fr)_auto] gap-2 rounded-xl border border-border p-3 sm:grid-cols-[minmax(0,1.2fr)_8rem_minmax(0,1fr)_auto] sm:items-start sm:border-0 sm:p-0"
                >
                  <div className="col-span-1 flex flex-col gap-1">
                    <Label
                      htmlFor={controlId(row, 'key')}
                      className={
                        index === 0 ? 'text-xs text-muted-foreground' : 'text-xs text-muted-foreground sm:sr-only'
                      }
                    >
                      Preference<span className="sr-only"> {n}</span>
                    </Label>
                    <Input
                      id={controlId(row, 'key')}
                      value={row.key}
                      maxLength={60}
                      placeholder="session length"
                      aria-invalid={keyError ? true : undefined}
                      aria-describedby={keyError ? `${controlId(row, 'key')}-error` : undefined}
                      onChange={(event) => update(row.id, { key: event.target.value })}
                    />
                    {keyError ? (
                      <p id={`${controlId(row, 'key')}-error`} className="text-sm font-medium text-danger">
                        {keyError}
                      </p>
                    ) : null}
                  </div>
                  <Button
                    variant="ghost"
                    size="icon"
                    className={cx(
                      'col-start-2 row-start-1 self-end text-muted-foreground hover:text-danger sm:col-start-4',
                      // Level with the inputs: the first row has visible column labels above them.
                      index === 0 ? 'sm:self-end' : 'sm:self-start',
                    )}
                    aria-label={`Remove preference ${n}${row.key.trim() ? ` (${row.key.trim()})` : ''}`}
                    onClick={() => remove(index)}
                  >
                    <Trash2Icon className="size-4" />
                  </Button>
                  <div className="col-span-2 flex flex-col gap-1 sm:col-span-1 sm:col-start-2 sm:row-start-1">
                    <Label
                      htmlFor={controlId(row, 'type')}
                      className={
                        index === 0 ? 'text-xs text-muted-foreground' : 'text-xs text-muted-foreground sm:sr-only'
                      }
                    >
                      Kind of answer<span className="sr-only"> to preference {n}</span>
                    </Label>
                    <Select
                      id={controlId(row, 'type')}
                      value={row.type}
                      onChange={(event) => {
                        const type = event.target.value as PreferenceType;
                        update(row.id, {
                          type,
                          value: type === 'boolean' ? 'true' : row.type === 'boolean' ? '' : row.value,
                        });
                      }}
                    >
                      {(Object.keys(typeLabels) as PreferenceType[]).map((type) => (
                        <option key={type} value={type}>
                          {typeLabels[type]}
                        </option>
                      ))}
                    </Select>
                  </div>
                  <div className="col-span-2 flex flex-col gap-1 sm:col-span-1 sm:col-start-3 sm:row-start-1">
                    <Label
                      htmlFor={controlId(row, 'value')}
                      className={
                        index === 0 ? 'text-xs text-muted-foreground' : 'text-xs text-muted-foreground sm:sr-only'
                      }
                    >
                      Answer<span className="sr-only"> to preference {n}</span>
                    </Label>
                    {row.type === 'boolean' ? (
                      <Select
                        id={controlId(row, 'value')}
                        value={row.value === 'true' ? 'true' : 'false'}
                        onChange={(event) => update(row.id, { value: event.target.value })}
                      >
                        <option value="true">Yes</option>
                        <option value="false">No</option>
                      </Select>
                    ) : (
                      <Input
                        id={controlId(row, 'value')}
                        value={row.value}
                        inputMode={row.type === 'number' ? 'decimal' : undefined}
                        placeholder={row.type === 'number' ? '30' : 'mornings'}
                        aria-invalid={valueError ? true : undefined}
                        aria-describedby={valueError ? `${controlId(row, 'value')}-error` : undefined}
                        onChange={(event) => update(row.id, { value: event.target.value })}
                      />
                    )}
                    {valueError ? (
                      <p id={`${controlId(row, 'value')}-error`} className="text-sm font-medium text-danger">
                        {valueError}
                      </p>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="rounded-lg border border-dashed border-border px-3 py-3 text-sm text-muted-foreground">
            No preferences yet.
          </p>
        )}
        <Button ref={addButton} variant="outline" size="sm" className="self-start" onClick={add}>
          <PlusIcon className="size-4" />
          Add a preference
        </Button>
      </div>
    </fieldset>
  );
}
