/** 16-bit signed mono PCM helpers. */

export function splitFrames(pcm: Int16Array, samplesPerFrame: number): Int16Array[] {
  const frames: Int16Array[] = [];
  for (let at = 0; at < pcm.length; at += samplesPerFrame) frames.push(pcm.subarray(at, at + samplesPerFrame));
  return frames;
}

/** Root mean square level of a frame (0–32768). */
export function rms(frame: Int16Array): number {
  if (frame.length === 0) return 0;
  let sum = 0;
  for (const s of frame) sum += s * s;
  return Math.sqrt(sum / frame.length);
}

/** Little-endian bytes of the samples, as the Voice Agent API expects for linear16. */
export function toBytes(pcm: Int16Array): Uint8Array {
  return new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
}

/** Samples from little-endian linear16 bytes (an odd trailing byte is dropped). */
export function fromBytes(bytes: ArrayBuffer): Int16Array {
  return new Int16Array(bytes, 0, Math.floor(bytes.byteLength / 2));
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
