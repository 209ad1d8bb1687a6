import { chmod, type FileHandle, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { transcriptSegment } from '@hybridcoach/api/wire';
import type { TranscriptSegment } from './segment';

/**
 * The durable buffer of one room's transcript for one claim: an append-only JSON-lines file.
 * Each segment is written (and synced) before it is sent; `{"ack":n}` lines record that the
 * first n segments reached the server. After a crash, the unacknowledged tail is replayed — the
 * server's idempotency keys make replaying an acknowledged-but-unrecorded segment harmless.
 */

interface SegmentRecord {
  seg: Omit<TranscriptSegment, 'spokenAt'> & { spokenAt: string };
}
interface AckRecord {
  ack: number;
}

export interface JournalState {
  segments: TranscriptSegment[];
  acked: number;
  /** Lines that could not be read (a write cut short by a crash). */
  unreadable: number;
}

/** A journal line's segment, checked with the server's own schema (the date comes back as a Date). */
function toSegment(record: unknown): TranscriptSegment | null {
  if (typeof record !== 'object' || record === null || !('seg' in record)) return null;
  const { seg } = record as { seg: Record<string, unknown> };
  const parsed = transcriptSegment.safeParse({
    ...seg,
    // Journals written before the key was renamed (an upgrade with unsent segments) keep theirs.
    idempotencyKey: seg.idempotencyKey ?? seg.clientId,
    spokenAt: typeof seg.spokenAt === 'string' ? new Date(seg.spokenAt) : seg.spokenAt,
  });
  return parsed.success
    ? { ...parsed.data, identity: parsed.data.identity ?? null, confidence: parsed.data.confidence ?? null }
    : null;
}

/** Reads a journal's text (pure, for tests and recovery). */
export function parseJournal(text: string): JournalState {
  const state: JournalState = { segments: [], acked: 0, unreadable: 0 };
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      state.unreadable++;
      continue;
    }
    if (typeof record === 'object' && record !== null && 'ack' in record) {
      const ack = (record as AckRecord).ack;
      if (typeof ack === 'number') state.acked = Math.max(state.acked, ack);
      continue;
    }
    const segment = toSegment(record);
    if (segment) state.segments.push(segment);
    else state.unreadable++;
  }
  state.acked = Math.min(state.acked, state.segments.length);
  return state;
}

export function segmentLine(segment: TranscriptSegment): string {
  const record: SegmentRecord = { seg: { ...segment, spokenAt: segment.spokenAt.toISOString() } };
  return `${JSON.stringify(record)}\n`;
}

export function ackLine(acked: number): string {
  return `${JSON.stringify({ ack: acked } satisfies AckRecord)}\n`;
}

export function journalFileName(appointmentId: string, epoch: number): string {
  return `${appointmentId.replace(/[^A-Za-z0-9_-]/g, '_')}.${epoch}.jsonl`;
}

export function parseJournalFileName(name: string): { appointmentId: string; epoch: number } | null {
  const match = /^([A-Za-z0-9_-]+)\.(\d+)\.jsonl$/.exec(name);
  return match?.[1] && match[2] ? { appointmentId: match[1], epoch: Number(match[2]) } : null;
}

/** Owner read/write only: journals hold transcript text. */
export const JOURNAL_MODE = 0o600;
/** The journals' folder: only the agent's user may list or enter it. */
export const JOURNAL_DIR_MODE = 0o700;

export class Journal {
  /** Writes happen one after another, in push order. */
  private chain: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(
    dir: string,
    appointmentId: string,
    epoch: number,
  ): Promise<{ journal: Journal; state: JournalState }> {
    const file = path.join(dir, journalFileName(appointmentId, epoch));
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    // What people said in a session: readable by the agent's user alone. The mode applies only
    // on creation, so a journal left by an older build is tightened too.
    const handle = await open(file, 'a', JOURNAL_MODE);
    await chmod(file, JOURNAL_MODE);
    // A line cut short by a crash would glue itself to the next record; start on a fresh line.
    if (text !== '' && !text.endsWith('\n')) await handle.appendFile('\n');
    return { journal: new Journal(file, handle), state: parseJournal(text) };
  }

  append(segment: TranscriptSegment): Promise<void> {
    return this.write(segmentLine(segment));
  }

  ack(acked: number): Promise<void> {
    return this.write(ackLine(acked));
  }

  private write(line: string): Promise<void> {
    const next = this.chain.then(async () => {
      await this.handle.appendFile(line);
      this.dirty = true;
    });
    // A failed write must not wedge the ones after it; the caller of this one sees the error.
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Everything appended so far is on disk (one sync for a whole batch). */
  async sync(): Promise<void> {
    await this.chain;
    if (!this.dirty) return;
    this.dirty = false;
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    await this.chain;
    await this.handle.close();
  }

  async remove(): Promise<void> {
    await this.close();
    await rm(this.file, { force: true });
  }
}
