import { describe, expect, test } from 'vitest';
import { PcmAssembler, resample, splitFrames, toBytes } from './pcm';

describe('pcm', () => {
  test('chunks cut at any byte are put back together without losing or shifting a sample', () => {
    const samples = Int16Array.from({ length: 9 }, (_, i) => (i - 4) * 1000 + 7);
    const bytes = toBytes(samples);
    const assembler = new PcmAssembler();
    const out = [bytes.subarray(0, 3), bytes.subarray(3, 4), bytes.subarray(4, 11), bytes.subarray(11)].flatMap((c) => [
      ...assembler.push(c.slice()),
    ]);
    expect(out).toEqual([...samples]);
    assembler.push(Uint8Array.of(1));
    assembler.reset();
    expect([...assembler.push(toBytes(Int16Array.of(5)).slice())]).toEqual([5]);
  });

  test('resamples by interpolation and splits into frames', () => {
    expect(resample(Int16Array.of(0, 100, 200, 300), 2, 1)).toEqual(Int16Array.of(0, 200));
    expect(resample(Int16Array.of(0, 100), 1, 2)).toEqual(Int16Array.of(0, 50, 100, 100));
    expect(splitFrames(new Int16Array(700), 320).map((f) => f.length)).toEqual([320, 320, 60]);
  });
});
