import { formatShare } from './skool-labels';

/** A sync log's `details` as the admin reads them: counts, facts, and lists of members. */
export interface LogDetails {
  counts: { label: string; value: string }[];
  facts: { label: string; value: string }[];
  lists: { title: string; items: string[] }[];
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const countLabels: Record<string, string> = {
  created: 'Users created',
  updated: 'Users updated',
  reactivatedMembers: 'Reactivated',
  expiredMembers: 'Grace period ended',
  emailChanges: 'Email changes',
  unchanged: 'Unchanged',
  duplicatesMerged: 'Duplicate rows merged',
  skipped: 'Skipped',
};

const factLabels: Record<string, string> = {
  cancelShare: 'Share of active members cancelled',
  takenAt: 'Snapshot taken',
  fileName: 'File',
  file: 'File',
  previewId: 'Preview',
  requestId: 'Sync request',
  endpoint: 'Endpoint',
  actorId: 'By',
};

/**
 * Known keys get their labels and formats (a share as a percentage, an instant in the
 * viewer's zone); anything else is shown as it is, so new details never disappear.
 */
export function describeLogDetails(
  details: unknown,
  formatInstant: (date: Date) => string,
  viewerId: string | null = null,
): LogDetails {
  const out: LogDetails = { counts: [], facts: [], lists: [] };
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return out;
  for (const [key, value] of Object.entries(details as Record<string, Json>)) {
    if (value === null || value === '') continue;
    if (key in countLabels && typeof value === 'number') {
      out.counts.push({ label: countLabels[key] ?? key, value: value.toLocaleString() });
    } else if (key === 'skippedSample' && Array.isArray(value)) {
      if (value.length > 0) out.lists.push({ title: 'Skipped members (first 20)', items: value.map(skippedLine) });
    } else if (key === 'notCreated' && Array.isArray(value)) {
      if (value.length > 0) {
        out.lists.push({ title: 'Not created (the email was taken meanwhile)', items: value.map(plainText) });
      }
    } else if (key === 'actorId' && typeof value === 'string') {
      out.facts.push({ label: factLabels[key] ?? key, value: value === viewerId ? 'You' : `User ${value}` });
    } else if (key === 'cancelShare' && typeof value === 'number') {
      out.facts.push({ label: factLabels[key] ?? key, value: formatShare(value) });
    } else if (key === 'takenAt' && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
      out.facts.push({ label: factLabels[key] ?? key, value: formatInstant(new Date(value)) });
    } else {
      out.facts.push({ label: factLabels[key] ?? humanize(key), value: plainText(value) });
    }
  }
  return out;
}

function skippedLine(entry: Json): string {
  if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
    const email = typeof entry.email === 'string' ? entry.email : '';
    const reason = typeof entry.reason === 'string' ? entry.reason : '';
    if (email || reason) return reason ? `${email}: ${reason}` : email;
  }
  return plainText(entry);
}

function plainText(value: Json): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** "someNewKey" → "Some new key". */
function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}
