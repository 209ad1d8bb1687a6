/**
 * What the Deepgram stand-in "recognises": it cannot transcribe speech, so tests register each
 * utterance's audio with its text, and the stand-in follows the audio it receives against them,
 * sample by sample from the utterance's first loud sample, until one is left. This works because
 * the audio reaches it bit for bit (in-memory rooms, one stream per participant, nothing mixed or
 * resampled) and utterances begin after digital silence. Utterances that begin alike ("Line one
 * …", "Line two …") are told apart where they differ.
 */

/** A sample louder than this starts an utterance. */
export const ONSET_LEVEL = 200;

export interface KnownUtterance {
  text: string;
  /** Seconds of audio from the first loud sample to the last. */
  voicedSeconds: number;
}

interface Registered extends KnownUtterance {
  /** From the first loud sample on. */
  audio: Int16Array;
}

export class SpeechOracle {
  private readonly known: Registered[] = [];

  /** Registers `pcm` (which starts with or after silence) as saying `text`. */
  register(pcm: Int16Array, text: string, sampleRate = 16_000): void {
    const first = pcm.findIndex((s) => Math.abs(s) > ONSET_LEVEL);
    if (first < 0) throw new Error(`no speech in the audio for "${text}"`);
    let last = pcm.length - 1;
    while (last > first && Math.abs(pcm[last] ?? 0) <= ONSET_LEVEL) last--;
    this.known.push({ text, voicedSeconds: (last - first + 1) / sampleRate, audio: pcm.slice(first) });
  }

  /** Follows an utterance from its first loud sample. */
  follow(): UtteranceMatch {
    return new UtteranceMatch(this.known);
  }
}

export class UtteranceMatch {
  private left: Registered[];
  private at = 0;

  constructor(known: Registered[]) {
    this.left = known;
  }

  push(sample: number): void {
    const at = this.at++;
    if (this.left.length <= 1 && this.left[0]?.audio[at] === sample) return;
    this.left = this.left.filter((k) => at >= k.audio.length || k.audio[at] === sample);
  }

  /** The registered utterance this is (or the first that still fits); null for speech nobody registered. */
  get best(): KnownUtterance | null {
    return this.left[0] ?? null;
  }
}
