import { describe, expect, test } from 'vitest';
import { AudioClock } from './audio-clock';
import { UtteranceAssembler } from './utterances';

const word = (w: string, start: number, end: number, confidence = 0.9) => ({ word: w, start, end, confidence });
function results(
  words: ReturnType<typeof word>[],
  flags: { is_final: boolean; speech_final?: boolean },
  window = { start: 0, duration: 1 },
) {
  return {
    ...flags,
    ...window,
    channel: { alternatives: [{ transcript: words.map((w) => w.word).join(' '), confidence: 0.5, words }] },
  };
}

describe('utterances from live results', () => {
  test('interim results are captions after what is settled; final pieces join up to the endpoint', () => {
    const u = new UtteranceAssembler();
    expect(u.results(results([word('I', 0.5, 0.6)], { is_final: false }))).toEqual([
      { kind: 'caption', text: 'I', startSec: 0.5 },
    ]);
    // A long utterance, finalised in a piece before its endpoint.
    expect(u.results(results([word('I', 0.5, 0.6), word('slept', 0.7, 1)], { is_final: true }))).toEqual([
      { kind: 'caption', text: 'I slept', startSec: 0.5 },
    ]);
    expect(u.results(results([word('badly', 1.2, 1.5)], { is_final: false }))).toEqual([
      { kind: 'caption', text: 'I slept badly', startSec: 0.5 },
    ]);
    const [final] = u.results(
      results([word('badly', 1.2, 1.5, 0.6)], { is_final: true, speech_final: true }, { start: 1, duration: 1 }),
    );
    expect(final).toMatchObject({ kind: 'final', text: 'I slept badly', startSec: 0.5, endSec: 1.5 });
    expect(final?.kind === 'final' && final.confidence).toBeCloseTo((0.9 + 0.9 + 0.6) / 3, 9);
    // Nothing is left over.
    expect(u.utteranceEnd()).toEqual([]);
  });

  test('UtteranceEnd settles what no endpoint did; empty finals are silence', () => {
    const u = new UtteranceAssembler();
    expect(u.results(results([], { is_final: true }))).toEqual([]);
    u.results(results([word('yes', 0.2, 0.4)], { is_final: true }));
    expect(u.utteranceEnd()).toMatchObject([{ kind: 'final', text: 'yes', startSec: 0.2 }]);
  });
});

describe('the audio clock', () => {
  test('dates words by when their audio was heard, a new anchor after a gap, never in the future', () => {
    const clock = new AudioClock(16_000);
    clock.sent(16_000, 10_000); // one second of audio, heard from t = 10 s
    clock.sent(16_000, 11_000);
    clock.sent(16_000, 20_000); // muted for eight seconds, then heard again
    expect(clock.wallAt(0.5, 99_000).getTime()).toBe(10_500);
    expect(clock.wallAt(1.5, 99_000).getTime()).toBe(11_500);
    expect(clock.wallAt(2.25, 99_000).getTime()).toBe(20_250);
    // Audio that arrived in a burst cannot have been said after its transcript was read.
    expect(clock.wallAt(2.25, 20_100).getTime()).toBe(20_100);
  });
});
