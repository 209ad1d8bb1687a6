/**
 * Mixes the participants' audio into the one stream the Voice Agent API listens to. Frames are
 * queued per participant and drained together: the longest queue sets the length, shorter ones
 * count as silence. Draining everything queued (not one frame per call) means audio that
 * arrives faster than real time — a burst after a hiccup, a test — is passed on, not lost.
 */
export class AudioMixer {
  private readonly queues = new Map<string, { frames: Int16Array[]; samples: number }>();
  /** Bounds memory if nobody drains (no voice connection); the oldest audio goes first. */
  constructor(private readonly maxQueuedSamples: number) {}

  push(identity: string, frame: Int16Array): void {
    let queue = this.queues.get(identity);
    if (!queue) {
      queue = { frames: [], samples: 0 };
      this.queues.set(identity, queue);
    }
    queue.frames.push(frame);
    queue.samples += frame.length;
    while (queue.samples > this.maxQueuedSamples && queue.frames.length > 1) {
      queue.samples -= queue.frames.shift()?.length ?? 0;
    }
  }

  remove(identity: string): void {
    this.queues.delete(identity);
  }

  get queuedSamples(): number {
    let max = 0;
    for (const q of this.queues.values()) max = Math.max(max, q.samples);
    return max;
  }

  /** Everything queued, mixed; null when nothing is. */
  drain(): Int16Array | null {
    const length = this.queuedSamples;
    if (length === 0) return null;
    const active = [...this.queues.values()].filter((q) => q.samples > 0);
    if (active.length === 1) {
      const [only] = active;
      const out = concat(only?.frames ?? [], length);
      if (only) {
        only.frames = [];
        only.samples = 0;
      }
      return out;
    }
    const sum = new Int32Array(length);
    for (const queue of active) {
      let at = 0;
      for (const frame of queue.frames) {
        for (let i = 0; i < frame.length; i++) sum[at + i] = (sum[at + i] ?? 0) + (frame[i] ?? 0);
        at += frame.length;
      }
      queue.frames = [];
      queue.samples = 0;
    }
    const out = new Int16Array(length);
    for (let i = 0; i < length; i++) out[i] = Math.max(-32768, Math.min(32767, sum[i] ?? 0));
    return out;
  }
}

function concat(frames: Int16Array[], length: number): Int16Array {
  if (frames.length === 1 && frames[0]?.length === length) return frames[0];
  const out = new Int16Array(length);
  let at = 0;
  for (const frame of frames) {
    out.set(frame, at);
    at += frame.length;
  }
  return out;
}
