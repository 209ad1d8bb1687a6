/** 16-bit signed mono PCM helpers. */

export function splitFrames(pcm: Int16Array, samplesPerFrame: number): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let at = 0; at < pcm.length; at += samplesPerFrame) frames.push(pcm.subarray(at, at + samplesPerFrame));
  return frames;
}

/** Little-endian bytes of the samples, as Deepgram expects for linear16. */
export function toBytes(pcm: Int16Array): Uint8Array {
  return new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

/**
 * Samples from a stream of little-endian linear16 chunks whose boundaries need not fall between
 * samples: an odd trailing byte is kept and joined to the next chunk, so that no later sample is
 * misaligned. `reset()` when a new stream begins.
 */
export class PcmAssembler {
  private stray: Uint8Array | null = null;

  push(chunk: ArrayBuffer | Uint8Array): Int16Array {
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    let joined = bytes;
    if (this.stray) {
      joined = new Uint8Array(bytes.length + 1);
      joined.set(this.stray);
      joined.set(bytes, 1);
    }
    const even = joined.length - (joined.length % 2);
    this.stray = even < joined.length ? joined.slice(even) : null;
    // A copy: the samples must start on an even byte, and the caller's buffer may be reused.
    // (linear16 is little-endian, as is every platform Node runs on.)
    return new Int16Array(joined.slice(0, even).buffer);
  }

  reset(): void {
    this.stray = null;
  }
}

/** Linear-interpolation resampling; good enough for speech between common rates. */
export function resample(pcm: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return pcm;
  const out = new Int16Array(Math.floor((pcm.length * toRate) / fromRate));
  const step = fromRate / toRate;
  for (let i = 0; i < out.length; i++) {
    const x = i * step;
    const i0 = Math.floor(x);
    const a = pcm[i0] ?? 0;
    const b = pcm[i0 + 1] ?? a;
    out[i] = Math.round(a + (b - a) * (x - i0));
  }
  return out;
}
