import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resample } from '../voice/pcm';

const run = promisify(execFile);

/** Mono 16-bit samples of a WAV file; tolerant of the unknown sizes espeak writes to a pipe. */
export function decodeWav(wav: Buffer): { samples: Int16Array; sampleRate: number } {
  if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error('not a WAV file');
  let at = 12;
  let sampleRate = 0;
  let channels = 1;
  while (at + 8 <= wav.length) {
    const id = wav.toString('ascii', at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      if (wav.readUInt16LE(body) !== 1 || wav.readUInt16LE(body + 14) !== 16) throw new Error('only 16-bit PCM WAV');
      channels = wav.readUInt16LE(body + 2);
      sampleRate = wav.readUInt32LE(body + 4);
    } else if (id === 'data') {
      // Written to a pipe, the size is a placeholder: the data runs to the end of the file.
      const end = Math.min(wav.length, body + size);
      const frames = Math.floor((end - body) / (2 * channels));
      const samples = new Int16Array(frames);
      for (let i = 0; i < frames; i++) samples[i] = wav.readInt16LE(body + i * 2 * channels);
      return { samples, sampleRate };
    }
    at = body + size + (size % 2);
  }
  throw new Error('WAV file without data');
}

const cache = new Map<string, Promise<Int16Array>>();

/** `text` spoken by espeak-ng, as 16-bit mono PCM at `sampleRate`. */
export function speak(text: string, sampleRate = 16_000): Promise<Int16Array> {
  const key = `${sampleRate}:${text}`;
  let pcm = cache.get(key);
  if (!pcm) {
    pcm = run('espeak-ng', ['--stdout', text], { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024 }).then(
      ({ stdout }) => {
        const wav = decodeWav(stdout);
        return resample(wav.samples, wav.sampleRate, sampleRate);
      },
    );
    cache.set(key, pcm);
  }
  return pcm;
}

export function silence(ms: number, sampleRate = 16_000): Int16Array {
  return new Int16Array(Math.round((sampleRate * ms) / 1000));
}

/** Speech followed by enough silence for a voice activity detector to call the turn over. */
export async function utterance(text: string, sampleRate = 16_000, pauseMs = 700): Promise<Int16Array> {
  const voice = await speak(text, sampleRate);
  const out = new Int16Array(voice.length + silence(pauseMs, sampleRate).length);
  out.set(voice);
  return out;
}
