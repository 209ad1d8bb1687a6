export type Speaker = 'client' | 'coach' | 'ai';

/** One ConversationText as the server stores it (agent.appendTranscript's segment). */
export interface TranscriptSegment {
  /** Idempotency key: `${appointmentId}:${seq}`. */
  clientId: string;
  seq: number;
  speaker: Speaker;
  content: string;
  spokenAt: Date;
  confidence: number | null;
  isFinal: boolean;
}

/**
 * Sequence numbers are `epoch × SEQ_PER_EPOCH + n`, where the epoch is the room's claim count.
 * Every claim (another agent, or this one after a restart) gets a fresh range, so keys never
 * collide across claims and numbers keep rising in spoken order — with no lookup at the server.
 */
export const SEQ_PER_EPOCH = 100_000;
const MAX_CONTENT = 10_000;

export class SegmentNumbering {
  private n = 0;

  constructor(
    private readonly appointmentId: string,
    private readonly epoch: number,
  ) {}

  /** The next segment, or null for text the server would refuse (blank). */
  next(input: { speaker: Speaker; content: string; spokenAt: Date }): TranscriptSegment | null {
    const content = input.content.trim().slice(0, MAX_CONTENT);
    if (content === '') return null;
    const seq = this.epoch * SEQ_PER_EPOCH + this.n++;
    return {
      clientId: `${this.appointmentId}:${seq}`,
      seq,
      speaker: input.speaker,
      content,
      spokenAt: input.spokenAt,
      confidence: null,
      isFinal: true,
    };
  }
}
