import { describe, expect, test } from 'vitest';
import { AttentionWindows, addressed } from './addressing';

describe('addressing the assistant', () => {
  test('the wake phrase opens the utterance, after at most a few lead-in words', () => {
    expect(addressed('Assistant, what do you think?', 'assistant')).toEqual({
      addressed: true,
      question: 'what do you think',
    });
    expect(addressed('Hey assistant can you help', 'assistant')).toMatchObject({
      addressed: true,
      question: 'can you help',
    });
    expect(addressed('Okay so assistant, one thing', 'assistant')).toMatchObject({ addressed: true });
    expect(addressed('My assistant at work is late', 'assistant')).toMatchObject({ addressed: false });
    expect(addressed('I told the assistant', 'assistant')).toMatchObject({ addressed: false });
    expect(addressed('Hey coach bot, hello', 'coach bot')).toMatchObject({ addressed: true, question: 'hello' });
    expect(addressed('Hey assistant', 'assistant')).toEqual({ addressed: true, question: '' });
  });

  test('attention (Ask, or calling it by name) covers the next utterance within the window, once', () => {
    const windows = new AttentionWindows(20_000);
    windows.ask('sam', 1000);
    expect(windows.take('alex', 2000)).toBe(false);
    expect(windows.take('sam', 2000)).toBe(true);
    expect(windows.take('sam', 3000)).toBe(false);
    windows.ask('sam', 1000);
    expect(windows.take('sam', 30_000)).toBe(false);
  });
});
