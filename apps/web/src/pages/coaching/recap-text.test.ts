import { describe, expect, it } from 'vitest';
import { recapText } from './recap-text';

describe('recapText', () => {
  it('puts the summary first, then key points and next steps with who and when', () => {
    expect(
      recapText({
        summary: 'You talked about sleep.',
        keyPoints: ['Shifts cut sleep short.'],
        actionItems: [
          { owner: 'client', task: 'Breathe before bed', due: 'every night' },
          { owner: 'coach', task: 'Send the audio', due: null },
        ],
        suggestedHomework: [],
        followUpQuestions: [],
        topics: [],
        proposedFacts: [],
        proposedChallenges: [],
        goalProgress: [],
      }),
    ).toBe(
      'You talked about sleep.\n\nKey points:\n- Shifts cut sleep short.\n\nNext steps:\n- You: Breathe before bed (every night)\n- Your coach: Send the audio',
    );
  });
});
