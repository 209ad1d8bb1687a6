import { describe, expect, test } from 'vitest';
import { extractiveSummary, type SummaryLine } from './extractive-summary';

const session: SummaryLine[] = [
  { speaker: 'Coach', text: 'Hi Sam, good to see you. How was your week?' },
  { speaker: 'Sam', text: 'Okay.' },
  { speaker: 'Sam', text: 'My sleep was bad again. I wake up at three and my thoughts about work keep racing.' },
  {
    speaker: 'AI assistant',
    text: 'Sleep trouble with racing thoughts is common; a breathing routine can help sleep.',
    fromAgent: true,
  },
  { speaker: 'Coach', text: 'When your thoughts race at night, try writing them down before sleep.' },
  { speaker: 'Sam', text: 'I could keep a notebook by the bed for my work thoughts.' },
  { speaker: 'Coach', text: 'Also take a short walk after lunch; daylight helps your sleep rhythm.' },
];

describe('extractive summary', () => {
  test('picks the sentences that cover the main themes, in the order they were said, with their speakers', () => {
    const summary = extractiveSummary(session);
    expect(summary).toBe(
      'Sam: I wake up at three and my thoughts about work keep racing. ' +
        'Coach: When your thoughts race at night, try writing them down before sleep. ' +
        'Coach: Also take a short walk after lunch; daylight helps your sleep rhythm.',
    );
  });

  test('quotes people, not the assistant, and skips short acknowledgements', () => {
    const summary = extractiveSummary(session, 5) ?? '';
    expect(summary).not.toContain('AI assistant');
    expect(summary).not.toContain('Sam: Okay.');
  });

  test('covers different themes instead of repeating the strongest one', () => {
    const summary = extractiveSummary(
      [
        { speaker: 'A', text: 'Sleep is hard and sleep is short and sleep is broken.' },
        { speaker: 'A', text: 'Sleep is short and sleep is light every single night.' },
        { speaker: 'B', text: 'Exercise in the morning could help your energy levels.' },
      ],
      2,
    );
    expect(summary).toContain('Exercise in the morning');
  });

  test('is null when nothing substantive was said', () => {
    expect(extractiveSummary([])).toBeNull();
    expect(
      extractiveSummary([
        { speaker: 'A', text: 'Okay.' },
        { speaker: 'B', text: 'Yes, thanks!' },
      ]),
    ).toBeNull();
  });

  test('adds the end punctuation a chat line may lack', () => {
    expect(extractiveSummary([{ speaker: 'Sam', text: 'I finished the gratitude journal every evening' }])).toBe(
      'Sam: I finished the gratitude journal every evening.',
    );
  });
});
