import type { Speaker } from '../outbox/segment';
import type { RoomParticipant } from '../transport/room-transport';
import { rms } from './pcm';

/** Frames quieter than this (RMS) are background, not speech. */
const SPEECH_LEVEL = 400;

/**
 * Who said the user turn that Deepgram just transcribed? The Voice Agent API hears one mixed
 * stream, so the agent keeps, per participant, how much they spoke since the last user turn;
 * the loudest talker gets the turn. Good for a one-to-one session where people take turns.
 */
export class SpeakerTracker {
  private readonly energy = new Map<string, { speaker: Speaker; amount: number }>();
  private last: Speaker = 'client';

  observe(participant: RoomParticipant, frame: Int16Array): void {
    const level = rms(frame);
    if (level < SPEECH_LEVEL) return;
    const entry = this.energy.get(participant.identity) ?? { speaker: speakerOf(participant), amount: 0 };
    entry.amount += level * frame.length;
    this.energy.set(participant.identity, entry);
  }

  /** The speaker of the turn that just ended; starts counting afresh for the next one. */
  take(): Speaker {
    let best: { speaker: Speaker; amount: number } | null = null;
    for (const entry of this.energy.values()) if (!best || entry.amount > best.amount) best = entry;
    this.energy.clear();
    if (best) this.last = best.speaker;
    return this.last;
  }
}

/** Staff (coach, admin) speak as the coach in the transcript; everyone else as the client. */
export function speakerOf(participant: RoomParticipant): Speaker {
  return participant.role === 'coach' || participant.role === 'admin' ? 'coach' : 'client';
}
