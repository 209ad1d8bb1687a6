import type { AppRouter } from '@hybridcoach/api';
import { SEGMENT_MAX_LENGTH } from '@hybridcoach/api/wire';
import type { inferRouterInputs } from '@trpc/server';

/** One segment as `agent.appendTranscript` takes it (the server's schema is the only definition). */
export type TranscriptSegment = Required<inferRouterInputs<AppRouter>['agent']['appendTranscript']['segments'][number]>;
export type Speaker = TranscriptSegment['speaker'];

/**
 * Sequence numbers are `epoch × SEQ_PER_EPOCH + n`, where the epoch is the room's claim count.
 * Every claim (another agent, or this one after a restart) gets a fresh range, so keys never
 * collide across claims and numbers keep rising in spoken order — with no lookup at the server.
 */
export const SEQ_PER_EPOCH = 100_000;

export class SegmentNumbering {
  private n = 0;

  constructor(
    private readonly appointmentId: string,
    private readonly epoch: number,
  ) {}

  /** The next segment, or null for text the server would refuse (blank). */
  next(input: {
    speaker: Speaker;
    identity?: string | null;
    content: string;
    spokenAt: Date;
    confidence?: number | null;
  }): TranscriptSegment | null {
    const content = input.content.trim().slice(0, SEGMENT_MAX_LENGTH);
    if (content === '') return null;
    const seq = this.epoch * SEQ_PER_EPOCH + this.n++;
    return {
      idempotencyKey: `${this.appointmentId}:${seq}`,
      seq,
      speaker: input.speaker,
      identity: input.identity ?? null,
      content,
      spokenAt: input.spokenAt,
      confidence: input.confidence ?? null,
      isFinal: true,
    };
  }
}
