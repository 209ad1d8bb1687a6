import type { Deepgram } from '@deepgram/sdk';

type ListenV1Results = Deepgram.listen.ListenV1Results;

/** What one participant's speech-to-text stream says, in the agent's terms. */
export type TranscriptionEvent =
  /** What they are saying right now, not settled yet: a live caption. */
  | { kind: 'caption'; text: string; startSec: number }
  /** A whole utterance, settled: one stored segment. */
  | { kind: 'final'; text: string; startSec: number; endSec: number; confidence: number | null };

interface Piece {
  text: string;
  startSec: number;
  endSec: number;
  /** Sum of word confidences, and the words counted. */
  confidence: number;
  words: number;
}

/**
 * Builds utterances from Deepgram's live results, as its documentation says to: `is_final`
 * results are pieces of the utterance, concatenated until one also has `speech_final` (an
 * endpoint) or an `UtteranceEnd` arrives; interim results (not final) show what is being said
 * after the settled pieces. Pure: the transcriber feeds it messages and acts on what it returns.
 */
export class UtteranceAssembler {
  private pieces: Piece[] = [];

  results(
    message: Pick<ListenV1Results, 'is_final' | 'speech_final' | 'start' | 'duration' | 'channel'>,
  ): TranscriptionEvent[] {
    const alternative = message.channel.alternatives[0];
    const text = alternative?.transcript.trim() ?? '';
    const words = alternative?.words ?? [];
    const startSec = words[0]?.start ?? message.start;
    const endSec = words.at(-1)?.end ?? message.start + message.duration;
    if (!message.is_final) {
      if (!text) return [];
      return [{ kind: 'caption', text: this.joined(text), startSec: this.pieces[0]?.startSec ?? startSec }];
    }
    if (text)
      this.pieces.push({
        text,
        startSec,
        endSec,
        confidence: words.length > 0 ? words.reduce((sum, w) => sum + w.confidence, 0) : (alternative?.confidence ?? 0),
        words: Math.max(words.length, 1),
      });
    if (message.speech_final) return this.settle();
    const first = this.pieces[0];
    return first && text ? [{ kind: 'caption', text: this.joined(''), startSec: first.startSec }] : [];
  }

  /** Deepgram's UtteranceEnd: a gap after the last word, even when no endpoint was found. */
  utteranceEnd(): TranscriptionEvent[] {
    return this.settle();
  }

  /** The stream is closing: what was settled so far is an utterance. */
  settle(): TranscriptionEvent[] {
    const [first] = this.pieces;
    const last = this.pieces.at(-1);
    if (!first || !last) return [];
    const words = this.pieces.reduce((n, p) => n + p.words, 0);
    const confidence = this.pieces.reduce((sum, p) => sum + p.confidence, 0) / words;
    const text = this.joined('');
    this.pieces = [];
    return [
      {
        kind: 'final',
        text,
        startSec: first.startSec,
        endSec: last.endSec,
        confidence: Number.isFinite(confidence) ? Math.min(1, Math.max(0, confidence)) : null,
      },
    ];
  }

  private joined(interim: string): string {
    return [...this.pieces.map((p) => p.text), interim].filter(Boolean).join(' ');
  }
}
