import { writeFile } from 'node:fs/promises';

/**
 * A WAV file (16-bit mono) of a tone between silences, which Chromium's fake microphone plays in a
 * loop (`--use-file-for-fake-audio-capture`): each loop is one "utterance" the stand-in recognises
 * by its pitch (DeepgramStandin.hearTone).
 */
export async function writeToneWav(
  path: string,
  options: { hz: number; toneMs?: number; silenceMs?: number; sampleRate?: number },
): Promise<void> {
  const rate = options.sampleRate ?? 48_000;
  const silence = Math.round((rate * (options.silenceMs ?? 1500)) / 1000);
  const tone = Math.round((rate * (options.toneMs ?? 700)) / 1000);
  const samples = new Int16Array(silence + tone + silence);
  for (let i = 0; i < tone; i++)
    samples[silence + i] = Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * options.hz * i) / rate));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.byteLength, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples.byteLength, 40);
  await writeFile(path, Buffer.concat([header, Buffer.from(samples.buffer)]));
}
