import { chmod, mkdir, readdir } from 'node:fs/promises';
import type { Logger } from '@hybridcoach/config';
import type { AgentCounters } from '../metrics';
import { Backoff, isPermanent, message, sleep } from '../retry';
import { JOURNAL_DIR_MODE, Journal, parseJournalFileName } from './journal';
import type { TranscriptSegment } from './segment';

/**
 * Delivers one batch to the server (agent.appendTranscript) under the claim `epoch` it was
 * spoken in; throws when it did not arrive. The answer counts what the server refused because
 * that claim no longer held the room when the segment was spoken (another agent did).
 */
export type SendBatch = (
  appointmentId: string,
  epoch: number,
  segments: TranscriptSegment[],
) => Promise<{ refused: number }>;

export interface OutboxOptions {
  dir: string;
  send: SendBatch;
  logger: Logger;
  counters: AgentCounters;
  retry: { baseMs: number; maxMs: number };
  /** At most this many segments per call (the server accepts 200). */
  batchSize?: number;
}

/**
 * Every transcript segment of every room this process has produced and the server has not yet
 * acknowledged. Segments are journaled before they are sent, sent in order per room (one call
 * in flight per room; whatever arrives meanwhile forms the next batch), retried with backoff
 * while the server is unreachable, and replayed from the journals after a restart.
 */
export class TranscriptOutbox {
  private readonly rooms = new Set<RoomOutbox>();
  private readonly stopping = new AbortController();

  constructor(private readonly options: OutboxOptions) {}

  /** Replays what earlier runs left unacknowledged. Returns how many segments were pending. */
  async recover(): Promise<number> {
    await this.ensureDir();
    let pending = 0;
    for (const name of (await readdir(this.options.dir)).sort()) {
      const key = parseJournalFileName(name);
      if (!key) continue;
      const room = await this.open(key.appointmentId, key.epoch);
      pending += room.pendingCount;
      // Nothing more will be said under that claim; the journal goes once it is delivered.
      room.retire();
    }
    if (pending > 0) this.options.logger.info({ pending }, 'replaying transcript segments left by an earlier run');
    return pending;
  }

  private async ensureDir(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true, mode: JOURNAL_DIR_MODE });
    await chmod(this.options.dir, JOURNAL_DIR_MODE);
  }

  async open(appointmentId: string, epoch: number): Promise<RoomOutbox> {
    await this.ensureDir();
    const { journal, state } = await Journal.open(this.options.dir, appointmentId, epoch);
    if (state.unreadable > 0)
      this.options.logger.warn(
        { appointmentId, epoch, unreadable: state.unreadable },
        'skipped unreadable lines in a transcript journal',
      );
    const room = new RoomOutbox(appointmentId, epoch, journal, state.segments.slice(state.acked), state.acked, {
      ...this.options,
      signal: this.stopping.signal,
      logger: this.options.logger.child({ appointmentId, epoch }),
      onGone: () => this.rooms.delete(room),
    });
    this.rooms.add(room);
    room.kick();
    return room;
  }

  /** Segments not yet acknowledged, across rooms. */
  get buffered(): number {
    let n = 0;
    for (const room of this.rooms) n += room.pendingCount;
    return n;
  }

  /** Waits (up to `timeoutMs`) until everything is delivered. True when it was. */
  async flush(timeoutMs: number): Promise<boolean> {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    try {
      await Promise.all([...this.rooms].map((room) => room.drained(timeout.signal)));
    } finally {
      clearTimeout(timer);
    }
    return this.buffered === 0;
  }

  /** Stops sending; undelivered segments stay in their journals for the next run. */
  async close(): Promise<void> {
    this.stopping.abort();
    await Promise.all([...this.rooms].map((room) => room.close()));
    this.rooms.clear();
  }
}

interface RoomOutboxOptions extends OutboxOptions {
  signal: AbortSignal;
  onGone: () => void;
}

export class RoomOutbox {
  private pumping = false;
  private retired = false;
  private closed = false;
  private readonly backoff: Backoff;
  private waiters: (() => void)[] = [];
  /** After a refused batch, send one at a time to find the segment the server refuses. */
  private isolateNext = 0;

  constructor(
    readonly appointmentId: string,
    readonly epoch: number,
    private readonly journal: Journal,
    private readonly pending: TranscriptSegment[],
    private acked: number,
    private readonly options: RoomOutboxOptions,
  ) {
    this.backoff = new Backoff(options.retry.baseMs, options.retry.maxMs);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Journals the segment and sends it as soon as the room's previous batch is through. */
  push(segment: TranscriptSegment): void {
    if (this.retired || this.closed) throw new Error('this transcript outbox takes no more segments');
    this.pending.push(segment);
    this.journal.append(segment).catch((err: unknown) => {
      // Still in memory and still sent; only the crash-safety of this segment is lost.
      this.options.logger.error({ err: message(err), seq: segment.seq }, 'could not journal a transcript segment');
    });
    this.kick();
  }

  /** No more segments will come: the journal is removed once everything is delivered. */
  retire(): void {
    this.retired = true;
    this.kick();
  }

  /** Resolves once nothing is pending (or `signal` aborts). */
  drained(signal?: AbortSignal): Promise<void> {
    if (this.pending.length === 0 || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  kick(): void {
    if (this.pumping || this.closed) return;
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      // A push that landed while the last call was finishing still needs sending.
      if (this.pending.length > 0 && !this.closed && !this.options.signal.aborted) this.kick();
    });
  }

  private async pump(): Promise<void> {
    const { logger, counters, send, signal } = this.options;
    while (this.pending.length > 0 && !this.closed && !signal.aborted) {
      const size = this.isolateNext > 0 ? 1 : (this.options.batchSize ?? 100);
      const batch = this.pending.slice(0, size);
      try {
        // Durable first: a segment is never sent before it could be replayed.
        await this.journal.sync().catch((err: unknown) => {
          logger.error({ err: message(err) }, 'could not sync the transcript journal');
        });
        const { refused } = await send(this.appointmentId, this.epoch, batch);
        counters.segmentsStored += batch.length - refused;
        if (refused > 0) {
          counters.segmentsFenced += refused;
          logger.warn(
            { refused, epoch: this.epoch },
            'the server refused segments spoken after this claim lost the room',
          );
        }
        this.backoff.reset();
      } catch (err) {
        if (!isPermanent(err)) {
          counters.sendFailures++;
          const delay = this.backoff.next();
          logger.warn(
            { err: message(err), pending: this.pending.length, retryInMs: delay },
            'transcript batch not delivered',
          );
          await sleep(delay, signal);
          continue;
        }
        if (batch.length > 1) {
          this.isolateNext = batch.length;
          continue;
        }
        counters.segmentsDropped++;
        logger.error({ err: message(err), seq: batch[0]?.seq }, 'the server refused a transcript segment; dropped');
      }
      if (this.isolateNext > 0) this.isolateNext--;
      this.pending.splice(0, batch.length);
      this.acked += batch.length;
      await this.journal.ack(this.acked).catch(() => undefined);
    }
    if (this.pending.length === 0) {
      for (const resolve of this.waiters.splice(0)) resolve();
      if (this.retired && !this.closed) {
        this.closed = true;
        await this.journal.remove().catch((err: unknown) => {
          logger.warn({ err: message(err) }, 'could not remove a delivered transcript journal');
        });
        this.options.onGone();
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const resolve of this.waiters.splice(0)) resolve();
    await this.journal.close().catch(() => undefined);
  }
}
