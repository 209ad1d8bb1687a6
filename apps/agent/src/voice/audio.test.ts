import { describe, expect, test } from 'vitest';
import { AudioMixer } from './audio-mixer';
import { resample, rms, splitFrames } from './pcm';
import { SpeakerTracker } from './speaker-tracker';

const tone = (samples: number, amplitude: number) =>
  Int16Array.from({ length: samples }, (_, i) => (i % 2 ? amplitude : -amplitude));

describe('audio mixer', () => {
  test('passes one speaker through untouched and sums two, clipping at full scale', () => {
    const mixer = new AudioMixer(16_000);
    mixer.push('a', Int16Array.of(1, 2, 3));
    expect(mixer.drain()).toEqual(Int16Array.of(1, 2, 3));
    mixer.push('a', Int16Array.of(100, 30_000, -30_000));
    mixer.push('b', Int16Array.of(1, 10_000, -10_000, 7));
    expect(mixer.drain()).toEqual(Int16Array.of(101, 32_767, -32_768, 7));
    expect(mixer.drain()).toBeNull();
  });

  test('drains a burst whole, so audio arriving faster than real time is not lost', () => {
    const mixer = new AudioMixer(16_000);
    for (let i = 0; i < 50; i++) mixer.push('a', new Int16Array(320).fill(i));
    expect(mixer.drain()?.length).toBe(16_000);
  });

  test('bounds what it keeps when nobody drains, dropping the oldest audio', () => {
    const mixer = new AudioMixer(1000);
    for (let i = 0; i < 10; i++) mixer.push('a', new Int16Array(320).fill(i));
    const kept = mixer.drain();
    expect(kept?.length).toBeLessThanOrEqual(1000);
    expect(kept?.at(-1)).toBe(9);
  });
});

describe('speaker tracker', () => {
  test('gives the turn to whoever spoke most since the last turn, staff as the coach', () => {
    const tracker = new SpeakerTracker();
    const coach = { identity: 'c', role: 'coach' as const };
    const client = { identity: 'k', role: 'client' as const };
    tracker.observe(client, tone(320, 3000));
    tracker.observe(coach, tone(320, 3000));
    tracker.observe(coach, tone(320, 3000));
    expect(tracker.take()).toBe('coach');
    tracker.observe(client, tone(320, 2000));
    tracker.observe(coach, tone(320, 100)); // background noise is not speech
    expect(tracker.take()).toBe('client');
    // Nobody audible since: the last speaker keeps the turn.
    expect(tracker.take()).toBe('client');
    tracker.observe({ identity: 'a', role: 'admin' }, tone(320, 3000));
    expect(tracker.take()).toBe('coach');
  });
});

describe('pcm', () => {
  test('resamples by interpolation and splits into frames', () => {
    expect(resample(Int16Array.of(0, 100, 200, 300), 2, 1)).toEqual(Int16Array.of(0, 200));
    expect(resample(Int16Array.of(0, 100), 1, 2)).toEqual(Int16Array.of(0, 50, 100, 100));
    expect(splitFrames(new Int16Array(700), 320).map((f) => f.length)).toEqual([320, 320, 60]);
    expect(rms(tone(10, 1000))).toBe(1000);
  });
});
