import { TRPCClientError } from '@trpc/client';
import { errorMessage } from './error-message';

/**
 * What a failed form submission shows: messages per field (keyed by the field's path, so a
 * list can mark one entry: `clientFacts.2`) and a message for everything no field owns.
 */
export interface FormErrors {
  fields: Record<string, string>;
  message: string | null;
}

export const noFormErrors: FormErrors = { fields: {}, message: null };

/** `data.fieldErrors` of a tRPC validation failure: field path → messages. */
export function serverFieldErrors(error: unknown): Record<string, string[]> | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('fieldErrors' in data)) return null;
  const fieldErrors = data.fieldErrors;
  if (typeof fieldErrors !== 'object' || fieldErrors === null) return null;
  const out: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fieldErrors)) {
    if (Array.isArray(messages)) out[key] = messages.filter((m): m is string => typeof m === 'string');
  }
  return out;
}

/** The server's messages are fragments ("is required"); with the label they read as a sentence. */
export function fieldSentence(label: string, fragment: string): string {
  const text = fragment.trim();
  if (/^(is|are|must|cannot|can't|should|has|looks)\b/i.test(text)) return `${label} ${text}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The form field a server path belongs to: itself, or the list it is an entry of. */
function owningField(path: string, labels: Record<string, string>): string | null {
  if (path in labels) return path;
  return Object.keys(labels).find((field) => path.startsWith(`${field}.`)) ?? null;
}

/**
 * A failed mutation as form errors. Validation messages land on the fields named in `labels`
 * (field path → label); anything else (a wrong code, a rate limit, no network) is the message.
 */
export function formErrorsFrom(error: unknown, labels: Record<string, string>): FormErrors {
  const byPath = serverFieldErrors(error);
  if (!byPath || Object.keys(byPath).length === 0) return { fields: {}, message: errorMessage(error) };
  const fields: Record<string, string> = {};
  const unowned: string[] = [];
  for (const [path, messages] of Object.entries(byPath)) {
    const field = owningField(path, labels);
    const text = messages.join(', ');
    if (field) fields[path] = fieldSentence(labels[field] ?? field, text);
    else unowned.push(path === '(input)' ? text : `${path}: ${text}`);
  }
  return { fields, message: unowned.length > 0 ? `Please check the form: ${unowned.join('; ')}` : null };
}

/** The first message for `field` or any entry of it, for a control that stands for the whole list. */
export function errorFor(errors: FormErrors, field: string): string | null {
  if (errors.fields[field]) return errors.fields[field];
  const entry = Object.keys(errors.fields).find((path) => path.startsWith(`${field}.`));
  return entry ? (errors.fields[entry] ?? null) : null;
}

export function hasErrors(errors: FormErrors): boolean {
  return errors.message !== null || Object.keys(errors.fields).length > 0;
}
