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

/** A steady tone that "says" a text: for audio that cannot arrive bit for bit (a browser's microphone). */
interface Tone {
  hz: number;
  text: string;
}

/** Sign changes a tone must show before it is told apart from the others. */
const TONE_MIN_TRANSITIONS = 20;

export class SpeechOracle {
  private readonly known: Registered[] = [];
  private readonly tones: Tone[] = [];

  /** Registers `pcm` (which starts with or after silence) as saying `text`. */
  register(pcm: Int16Array, text: string, sampleRate = 16_000): void {
    const first = pcm.findIndex((s) => Math.abs(s) > ONSET_LEVEL);
    if (first < 0) throw new Error(`no speech in the audio for "${text}"`);
    let last = pcm.length - 1;
    while (last > first && Math.abs(pcm[last] ?? 0) <= ONSET_LEVEL) last--;
    this.known.push({ text, voicedSeconds: (last - first + 1) / sampleRate, audio: pcm.slice(first) });
  }

  /**
   * Registers a tone as saying `text`. Audio that went through a browser (resampled, gain
   * adjusted) no longer matches any registered utterance sample for sample; its pitch survives,
   * so an utterance no registered audio fits is recognised as the tone nearest in frequency.
   */
  registerTone(hz: number, text: string): void {
    this.tones.push({ hz, text });
  }

  /** Follows an utterance from its first loud sample. */
  follow(sampleRate = 16_000): UtteranceMatch {
    return new UtteranceMatch(this.known, this.tones, sampleRate);
  }
}

export class UtteranceMatch {
  private left: Registered[];
  private at = 0;
  /** Pitch tracking for tones: the sign of the last loud sample, changes of it, and where they happened. */
  private sign = 0;
  private transitions = 0;
  private firstTransitionAt = -1;
  private lastTransitionAt = -1;

  constructor(
    known: Registered[],
    private readonly tones: Tone[] = [],
    private readonly sampleRate = 16_000,
  ) {
    this.left = known;
  }

  push(sample: number): void {
    const at = this.at++;
    const sign = sample > ONSET_LEVEL ? 1 : sample < -ONSET_LEVEL ? -1 : 0;
    if (sign !== 0 && sign !== this.sign) {
      if (this.sign !== 0) {
        this.transitions++;
        if (this.firstTransitionAt < 0) this.firstTransitionAt = at;
        this.lastTransitionAt = at;
      }
      this.sign = sign;
    }
    if (this.left.length <= 1 && this.left[0]?.audio[at] === sample) return;
    this.left = this.left.filter((k) => at >= k.audio.length || k.audio[at] === sample);
  }

  /** The registered utterance this is (or the first that still fits); null for speech nobody registered. */
  get best(): KnownUtterance | null {
    return this.left[0] ?? this.tone();
  }

  /** The registered tone nearest the pitch heard (two sign changes per period). */
  private tone(): KnownUtterance | null {
    if (this.tones.length === 0 || this.transitions < TONE_MIN_TRANSITIONS) return null;
    const seconds = (this.lastTransitionAt - this.firstTransitionAt) / this.sampleRate;
    const hz = (this.transitions - 1) / 2 / seconds;
    const nearest = this.tones.reduce((a, b) => (Math.abs(a.hz - hz) <= Math.abs(b.hz - hz) ? a : b));
    // Settled as soon as its pitch is known: the stand-in ends it at the next endpoint.
    return { text: nearest.text, voicedSeconds: 0.2 };
  }
}
