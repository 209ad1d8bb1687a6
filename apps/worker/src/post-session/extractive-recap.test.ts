import { structuredRecap } from '@hybridcoach/api';
import { describe, expect, test } from 'vitest';
import { extractiveRecap, type RecapLine } from './extractive-recap';

const session: RecapLine[] = [
  { speaker: 'Sam', role: 'client', text: 'I work nights at the depot. My sleep is short and I feel exhausted.' },
  { speaker: 'Maya', role: 'coach', text: 'What happens when you get home in the morning?' },
  { speaker: 'Sam', role: 'client', text: 'I scroll my phone for an hour before I can sleep.' },
  { speaker: 'Maya', role: 'coach', text: 'Try a breathing exercise when you get home: four counts in, six out.' },
  { speaker: 'AI assistant', role: 'assistant', text: 'I will note that the breathing exercise is the plan.' },
  { speaker: 'Sam', role: 'client', text: 'I will do it every morning this week.' },
  { speaker: 'Maya', role: 'coach', text: 'How will you remind yourself?' },
];

describe('the extractive recap', () => {
  test("is the session's own sentences: commitments with owner and when, the coach's exercise, the client's statements", () => {
    const recap = extractiveRecap(session);
    expect(recap).not.toBeNull();
    // It is a valid recap as the server checks it.
    expect(structuredRecap.safeParse(recap).success).toBe(true);
    expect(recap?.actionItems).toEqual([
      { owner: 'client', task: 'I will do it every morning this week.', due: 'every morning' },
    ]);
    expect(recap?.suggestedHomework).toEqual([
      expect.objectContaining({
        instructions: 'Try a breathing exercise when you get home: four counts in, six out.',
        category: 'breath',
        difficulty: 'beginner',
      }),
    ]);
    expect(recap?.followUpQuestions).toEqual([
      'What happens when you get home in the morning?',
      'How will you remind yourself?',
    ]);
    expect(recap?.proposedChallenges).toEqual(['My sleep is short and I feel exhausted.']);
    expect(recap?.proposedFacts).toEqual(['I work nights at the depot.']);
    expect(recap?.goalProgress).toEqual([]);
  });

  test('gives the same recap for the same session, and none for a session with nothing said', () => {
    expect(extractiveRecap(session)).toEqual(extractiveRecap(session));
    expect(extractiveRecap([{ speaker: 'Sam', role: 'client', text: 'Hi.' }])).toBeNull();
  });
});
