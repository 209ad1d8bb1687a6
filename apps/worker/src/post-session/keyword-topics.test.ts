import { describe, expect, test } from 'vitest';
import { keywordTopics } from './keyword-topics';

const line = (text: string, fromAgent = false) => ({ speaker: fromAgent ? 'AI assistant' : 'Sam', text, fromAgent });

describe('keyword topics', () => {
  test('prefer a recurring two-word phrase to the single words inside it', () => {
    const topics = keywordTopics([
      line('Let us try a breathing exercise tonight.'),
      line('The breathing exercise helped me sleep.'),
      line('Breathing slowly calms me; sleep came sooner.'),
    ]);
    expect(topics[0]).toBe('breathing exercise');
    expect(topics).not.toContain('breathing');
    expect(topics).toContain('sleep');
  });

  test('count plurals with their singular; ties go to what was said first', () => {
    expect(keywordTopics([line('My goal is rest.'), line('Goals need rest days.')])).toEqual(['goal', 'rest']);
  });

  test("ignore stopwords, fillers and the assistant's words", () => {
    const topics = keywordTopics([
      line('Yeah, I think I really just want to, like, feel okay.'),
      line('Yeah I really want that.'),
      line('Meditation meditation meditation.', true),
    ]);
    expect(topics).not.toContain('yeah');
    expect(topics).not.toContain('really');
    expect(topics).not.toContain('meditation');
  });

  test('fall back to the first content words when nothing recurs', () => {
    expect(keywordTopics([line('Journaling before bed calmed anxiety.')])).toEqual(['journaling', 'bed', 'calmed']);
  });

  test('are names the server accepts: lowercase, 2–40 characters, at most the limit', () => {
    const text = Array.from(
      { length: 12 },
      (_, i) => `topic${'abcdefghijkl'[i]}word again topic${'abcdefghijkl'[i]}word.`,
    ).join(' ');
    const topics = keywordTopics([line(text)], 5);
    expect(topics.length).toBeLessThanOrEqual(5);
    for (const t of topics) {
      expect(t).toBe(t.toLowerCase());
      expect(t.length).toBeGreaterThanOrEqual(2);
      expect(t.length).toBeLessThanOrEqual(40);
    }
    expect(keywordTopics([])).toEqual([]);
  });
});
