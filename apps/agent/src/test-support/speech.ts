/// <reference path="./espeak-ng-emscripten.d.ts" />
import type { ESpeakNGWorker } from '@echogarden/espeak-ng-emscripten';
import { resample } from '../audio/pcm';

/** eSpeak NG's output rate. */
const ESPEAK_RATE = 22_050;

let synthesizer: Promise<ESpeakNGWorker> | undefined;

/** eSpeak NG compiled to WebAssembly, loaded once per process (about 0.1 s): no binary to install. */
function espeak(): Promise<ESpeakNGWorker> {
  synthesizer ??= import('@echogarden/espeak-ng-emscripten').then(async ({ default: initialize }) => {
    const module = await initialize();
    const worker = new module.eSpeakNGWorker();
    worker.set_voice('en-us');
    return worker;
  });
  return synthesizer;
}

const cache = new Map<string, Promise<Int16Array>>();

/** `text` spoken by eSpeak NG, as 16-bit mono PCM at `sampleRate`. */
export function speak(text: string, sampleRate = 16_000): Promise<Int16Array> {
  const key = `${sampleRate}:${text}`;
  let pcm = cache.get(key);
  if (!pcm) {
    pcm = espeak().then((worker) => {
      const chunks: Int16Array[] = [];
      worker.synthesize(text, (samples) => {
        chunks.push(samples);
        return false;
      });
      const voice = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const chunk of chunks) {
        voice.set(chunk, at);
        at += chunk.length;
      }
      return resample(voice, ESPEAK_RATE, sampleRate);
    });
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
