import type { Community } from '@hybridcoach/db';
import { parseMembersCsv } from './member-csv';
import type { MemberEvent } from './member-event';
import type { MemberSnapshot } from './member-snapshot';

/** Where membership data came from; recorded on every SkoolMonitoringLog row. */
export type SkoolSourceName = 'csv-upload' | 'csv-folder' | 'http' | 'webhook';

/** How an observation ended, so that its source can acknowledge it (e.g. move a file aside). */
export interface Settlement {
  ok: boolean;
  message: string;
}

/**
 * One thing a source saw: every member of a community at once, one member's change, or input
 * that could not be read (which is logged as a failed sync, never applied in part).
 */
export type SkoolObservation = (
  | { kind: 'snapshot'; snapshot: MemberSnapshot }
  | { kind: 'event'; event: MemberEvent }
  | { kind: 'unreadable'; community: Community | null; error: string }
) & {
  source: SkoolSourceName;
  /** Names the input in logs and admin pages (a file name, a URL, an event id). */
  origin: string;
  settle?(settlement: Settlement): Promise<void>;
};

/**
 * Skool has no public API: membership reaches us as CSV exports (uploaded or dropped in a
 * folder), signed webhook events, or a members endpoint. Each is a source; the sync does not
 * care which. A source never yields part of a list: a list it cannot read whole is `unreadable`.
 */
export interface SkoolSource {
  readonly name: SkoolSourceName;
  read(): Promise<SkoolObservation[]>;
}

/** Parses a members CSV into an observation (the folder source; uploads go through a preview). */
export function readCsv(
  csv: string,
  community: Community,
  takenAt: Date,
  source: SkoolSourceName,
  origin: string,
): SkoolObservation {
  try {
    return { kind: 'snapshot', snapshot: parseMembersCsv(csv, community, takenAt), source, origin };
  } catch (err) {
    return { kind: 'unreadable', community, error: err instanceof Error ? err.message : String(err), source, origin };
  }
}
