/** A gap in the audio longer than this (a muted microphone, a reconnect) starts a new anchor. */
const GAP_MS = 250;

/**
 * Turns audio time (seconds into one speech-to-text stream, as Deepgram times its words) into
 * the wall-clock instant the words were heard. Audio comes in as it is heard, but not without
 * gaps (muted, reconnecting): each stretch is anchored at the moment its first audio arrived.
 * A word is never dated after the moment its transcript was read, so audio that arrived in a
 * burst (faster than real time) is not dated in the future.
 */
export class AudioClock {
  private readonly anchors: { audioSec: number; wallMs: number }[] = [];
  private sentSamples = 0;

  constructor(private readonly sampleRate: number) {}

  /** `samples` more audio went to the stream, heard at `wallMs`. */
  sent(samples: number, wallMs: number): void {
    const audioSec = this.sentSamples / this.sampleRate;
    const last = this.anchors.at(-1);
    const expected = last ? last.wallMs + (audioSec - last.audioSec) * 1000 : null;
    if (expected === null || wallMs - expected > GAP_MS) this.anchors.push({ audioSec, wallMs });
    this.sentSamples += samples;
    // Only the recent past is ever asked about.
    if (this.anchors.length > 64) this.anchors.shift();
  }

  /** When audio time `audioSec` was heard; at most `nowMs`. */
  wallAt(audioSec: number, nowMs: number): Date {
    let anchor = this.anchors[0];
    for (const a of this.anchors) if (a.audioSec <= audioSec) anchor = a;
    if (!anchor) return new Date(nowMs);
    return new Date(Math.min(nowMs, anchor.wallMs + (audioSec - anchor.audioSec) * 1000));
  }
}
