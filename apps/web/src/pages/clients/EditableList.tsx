import { PlusIcon, Trash2Icon } from 'lucide-react';
import { useEffect, useId, useRef } from 'react';
import { Button } from '../../components/ui/Button';
import { Textarea } from '../../components/ui/Textarea';
import { type ListEntry, rowId } from './context-form';

export interface EditableListProps {
  /** The form field name, also the prefix of error paths (`clientFacts.2`). */
  name: string;
  legend: string;
  description: string;
  /** One entry, for labels: "Fact" → "Fact 3", "Remove fact 3", "Add a fact". */
  itemLabel: string;
  addLabel: string;
  placeholder?: string;
  entries: ListEntry[];
  onChange: (entries: ListEntry[]) => void;
  errors: Record<string, string>;
  /** The id of an entry's input (the parent also needs it, for the error summary's links). */
  inputId: (entry: ListEntry) => string;
}

/**
 * A list of short texts: each entry its own input with a Remove button, and an Add button that
 * puts focus in the new entry. Removing moves focus to the next entry (or the Add button).
 */
export function EditableList(props: EditableListProps) {
  const { name, entries, onChange, errors } = props;
  const baseId = useId();
  const descriptionId = `${baseId}-description`;
  const inputs = useRef(new Map<string, HTMLTextAreaElement>());
  const addButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<string | 'add' | null>(null);
  const { inputId } = props;

  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    if (target === 'add') addButton.current?.focus();
    else inputs.current.get(target)?.focus();
  });

  /** A new, empty entry after `index` (at the end by default), with focus in it. */
  const add = (index = entries.length - 1) => {
    const entry = { id: rowId(), text: '' };
    focusNext.current = entry.id;
    onChange([...entries.slice(0, index + 1), entry, ...entries.slice(index + 1)]);
  };

  const remove = (index: number) => {
    focusNext.current = entries[index + 1]?.id ?? entries[index - 1]?.id ?? 'add';
    onChange(entries.filter((_, i) => i !== index));
  };

  const listError = errors[name];

  return (
    <fieldset aria-describedby={descriptionId}>
      {/* Floated: a legend does not take part in the fieldset's layout otherwise. */}
      <legend className="float-left w-full text-base font-semibold">{props.legend}</legend>
      <div className="clear-both flex flex-col gap-3 pt-1">
        <p id={descriptionId} className="text-sm text-muted-foreground">
          {props.description}
        </p>
        {entries.length > 0 ? (
          <ol className="flex flex-col gap-2">
            {entries.map((entry, index) => {
              const label = `${props.itemLabel} ${index + 1}`;
              const error = errors[`${name}.${index}`];
              const errorId = `${inputId(entry)}-error`;
              return (
                <li key={entry.id} className="flex flex-col gap-1">
                  <div className="flex items-start gap-2">
                    <span
                      aria-hidden="true"
                      className="w-5 shrink-0 pt-2.5 text-right text-sm text-muted-foreground tabular-nums"
                    >
                      {index + 1}.
                    </span>
                    {/* Grows with its text; Enter starts the next entry (an entry is one line of thought). */}
                    <Textarea
                      ref={(node) => {
                        if (node) inputs.current.set(entry.id, node);
                        else inputs.current.delete(entry.id);
                      }}
                      id={inputId(entry)}
                      rows={1}
                      aria-label={label}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? errorId : undefined}
                      value={entry.text}
                      placeholder={props.placeholder}
                      className="field-sizing-content min-h-10 resize-none"
                      onChange={(event) =>
                        onChange(
                          entries.map((e) =>
                            e.id === entry.id ? { ...e, text: event.target.value.replace(/\n/g, ' ') } : e,
                          ),
                        )
                      }
                      onKeyDown={(event) => {
                        if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
                        event.preventDefault();
                        add(index);
                      }}
                    />
                    <Button
                      variant="ghost"
                      size="icon"
                      className="text-muted-foreground hover:text-danger"
                      aria-label={`Remove ${label.toLowerCase()}`}
                      onClick={() => remove(index)}
                    >
                      <Trash2Icon className="size-4" />
                    </Button>
                  </div>
                  {error ? (
                    <p id={errorId} className="pl-7 text-sm font-medium text-danger">
                      {error}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        ) : (
          <p className="rounded-lg border border-dashed border-border px-3 py-3 text-sm text-muted-foreground">
            Nothing yet.
          </p>
        )}
        {listError ? <p className="text-sm font-medium text-danger">{listError}</p> : null}
        <Button ref={addButton} variant="outline" size="sm" className="self-start" onClick={() => add()}>
          <PlusIcon className="size-4" />
          {props.addLabel}
        </Button>
      </div>
    </fieldset>
  );
}
