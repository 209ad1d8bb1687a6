import type { ClientContext, PreferenceValue } from '../../lib/api-types';

/** One line of an editable list; the id keeps React's rows (and focus) stable while editing. */
export interface ListEntry {
  id: string;
  text: string;
}

export type PreferenceType = 'text' | 'number' | 'boolean';

export interface PreferenceRow {
  id: string;
  key: string;
  type: PreferenceType;
  /** As typed; "true"/"false" for yes/no. */
  value: string;
}

export interface ContextForm {
  clientFacts: ListEntry[];
  challenges: ListEntry[];
  preferences: PreferenceRow[];
  contextNotes: string;
}

export const LIMITS = { entries: 50, entryLength: 300, keyLength: 60, valueLength: 300, notesLength: 5000 } as const;

let nextId = 0;
export function rowId(): string {
  nextId += 1;
  return `row-${nextId}`;
}

export function toEntries(texts: readonly string[]): ListEntry[] {
  return texts.map((text) => ({ id: rowId(), text }));
}

/**
 * A stored preference name as people write it: "sessionTime" and "session_time" become
 * "session time". Saved that way too, so the assistant reads words as well.
 */
export function preferenceName(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Preferences as rows named in words, keeping each value's type (a number stays a number). */
export function toPreferenceRows(preferences: unknown): PreferenceRow[] {
  if (!preferences || typeof preferences !== 'object' || Array.isArray(preferences)) return [];
  return Object.entries(preferences as Record<string, unknown>).map(([stored, value]) => {
    const key = preferenceName(stored);
    if (typeof value === 'number') return { id: rowId(), key, type: 'number', value: String(value) };
    if (typeof value === 'boolean') return { id: rowId(), key, type: 'boolean', value: String(value) };
    return { id: rowId(), key, type: 'text', value: typeof value === 'string' ? value : JSON.stringify(value) };
  });
}

export function toContextForm(context: ClientContext): ContextForm {
  return {
    clientFacts: toEntries(context.clientFacts),
    challenges: toEntries(context.challenges),
    preferences: toPreferenceRows(context.preferences),
    contextNotes: context.contextNotes ?? '',
  };
}

/** The form as comparable data (no row ids), to tell whether anything changed. */
export function formSnapshot(form: ContextForm): string {
  return JSON.stringify({
    clientFacts: form.clientFacts.map((e) => e.text.trim()).filter(Boolean),
    challenges: form.challenges.map((e) => e.text.trim()).filter(Boolean),
    preferences: form.preferences
      .filter((row) => row.key.trim() || row.value.trim())
      .map((row) => [row.key.trim(), row.type, row.value.trim()]),
    contextNotes: form.contextNotes.trim(),
  });
}

export interface ContextInput {
  clientFacts: string[];
  challenges: string[];
  preferences: Record<string, PreferenceValue> | null;
  contextNotes: string | null;
}

/**
 * The form as `user.updateClientContext` input, or per-field problems (paths like
 * `clientFacts.2`, `preferences.1.key`). Blank list entries and blank preference rows are
 * dropped beforehand (see withoutBlankRows), so indexes match what the person sees.
 */
export function toContextInput(form: ContextForm): { input: ContextInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  for (const name of ['clientFacts', 'challenges'] as const) {
    const entries = form[name];
    if (entries.length > LIMITS.entries) errors[name] = `At most ${LIMITS.entries} entries; remove some first`;
    entries.forEach((entry, index) => {
      if (entry.text.trim().length > LIMITS.entryLength) {
        errors[`${name}.${index}`] = `Must be at most ${LIMITS.entryLength} characters`;
      }
    });
  }
  const preferences: Record<string, PreferenceValue> = {};
  form.preferences.forEach((row, index) => {
    const key = row.key.trim();
    if (!key) errors[`preferences.${index}.key`] = 'Name this preference';
    else if (key.length > LIMITS.keyLength)
      errors[`preferences.${index}.key`] = `Must be at most ${LIMITS.keyLength} characters`;
    else if (key in preferences) errors[`preferences.${index}.key`] = `“${key}” is already listed above`;
    const raw = row.value.trim();
    let value: PreferenceValue = raw;
    if (row.type === 'number') {
      const number = Number(raw);
      if (!raw || !Number.isFinite(number)) errors[`preferences.${index}.value`] = 'Enter a number, like 20 or 1.5';
      value = number;
    } else if (row.type === 'boolean') {
      value = raw === 'true';
    } else if (raw.length > LIMITS.valueLength) {
      errors[`preferences.${index}.value`] = `Must be at most ${LIMITS.valueLength} characters`;
    }
    if (key && !(key in preferences)) preferences[key] = value;
  });
  const notes = form.contextNotes.trim();
  if (notes.length > LIMITS.notesLength) errors.contextNotes = `Must be at most ${LIMITS.notesLength} characters`;
  return {
    input: {
      clientFacts: form.clientFacts.map((e) => e.text.trim()),
      challenges: form.challenges.map((e) => e.text.trim()),
      preferences: Object.keys(preferences).length > 0 ? preferences : null,
      contextNotes: notes || null,
    },
    errors,
  };
}

/** Drops empty list entries and preference rows with neither a name nor a value. */
export function withoutBlankRows(form: ContextForm): ContextForm {
  return {
    ...form,
    clientFacts: form.clientFacts.filter((e) => e.text.trim()),
    challenges: form.challenges.filter((e) => e.text.trim()),
    preferences: form.preferences.filter((row) => row.key.trim() || (row.type !== 'boolean' && row.value.trim())),
  };
}
