import { serverFieldErrors } from '../../../lib/form-errors';

/** The server takes at most 3.5 MB of CSV text (its body limit is 4 MiB). */
export const MAX_CSV_BYTES = 3_500_000;

/** Rows of changes per page of a preview. */
export const PREVIEW_PAGE_SIZE = 20;

/**
 * What a rejected preview says about the file, one entry per problem ("Line 3: invalid email
 * …"), or null when the failure is not about the file (no network, not allowed…).
 */
export function csvProblemsOf(error: unknown): string[] | null {
  const messages = serverFieldErrors(error)?.csv;
  if (!messages || messages.length === 0) return null;
  return messages.map((m) => {
    const text = m.trim();
    return text.charAt(0).toUpperCase() + text.slice(1);
  });
}

/** A problem with the chosen file that is known before sending it, or null. */
export function chosenFileProblem(file: { name: string; size: number } | null): string | null {
  if (!file) return 'Choose the members CSV exported from Skool';
  if (file.size === 0) return 'The file is empty; choose the exported members CSV';
  if (file.size > MAX_CSV_BYTES) {
    return 'The file is larger than 3.5 MB; split it into smaller files with the header row in each';
  }
  return null;
}
