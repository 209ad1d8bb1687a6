import { describe, expect, it } from 'vitest';
import { type TranscriptLine, toTurns } from './ReadableTranscript';

const at = (s: number) => new Date(Date.UTC(2031, 3, 1, 10, 0, s));
function line(
  id: string,
  sender: TranscriptLine['sender'],
  content: string,
  s: number,
  isFinal = true,
): TranscriptLine {
  return {
    id,
    sender,
    senderName: sender === 'coach' ? 'Maya Chen' : 'Jordan Lee',
    content,
    spokenAt: at(s),
    createdAt: at(s),
    isFinal,
  };
}

describe('toTurns', () => {
  it('joins a speaker’s consecutive lines into one turn that starts when they began', () => {
    const turns = toTurns([
      line('1', 'client', 'I slept better.', 1),
      line('2', 'client', 'Most nights, anyway.', 3),
      line('3', 'coach', 'What changed?', 6),
      line('4', 'client', 'Less screen time.', 9),
    ]);
    expect(turns.map((t) => [t.senderName, t.lines])).toEqual([
      ['Jordan Lee', ['I slept better.', 'Most nights, anyway.']],
      ['Maya Chen', ['What changed?']],
      ['Jordan Lee', ['Less screen time.']],
    ]);
    expect(turns[0]?.at).toEqual(at(1));
  });

  it('leaves out interim lines: the record is what was finally heard', () => {
    expect(toTurns([line('1', 'client', 'I sle', 1, false), line('2', 'client', 'I slept.', 1)])).toEqual([
      expect.objectContaining({ lines: ['I slept.'] }),
    ]);
  });
});
