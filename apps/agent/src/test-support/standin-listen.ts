import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { ONSET_LEVEL, type SpeechOracle, type UtteranceMatch } from './speech-oracle';

/**
 * One `/v1/listen` connection of the Deepgram stand-in: live speech-to-text as Deepgram's
 * streaming API documents it. Binary frames are linear16 audio at the requested sample rate;
 * text frames are `KeepAlive` (no answer), `Finalize` (settle what was heard so far:
 * `is_final` with `from_finalize`) and `CloseStream` (settle everything, send the summary
 * `Metadata`, close normally). Results carry `channel_index`, `start`/`duration` in audio
 * seconds, `is_final`, `speech_final` (an endpoint: `endpointing` ms of silence after speech),
 * and `channel.alternatives[0]` with `transcript`, `confidence` and timed `words`. With
 * `interim_results`, preliminary results come while words are being said; a long utterance is
 * finalised in pieces (`is_final` without `speech_final`) before its endpoint. `vad_events` adds
 * `SpeechStarted`, `utterance_end_ms` adds `UtteranceEnd`. Ten seconds without audio or a message
 * close the connection with 1011 (NET-0001).
 */

export interface ListenParams {
  sampleRate: number;
  interimResults: boolean;
  /** Silence that makes an endpoint; false: never (only finals in pieces, UtteranceEnd, Finalize). */
  endpointingMs: number | false;
  utteranceEndMs: number | null;
  vadEvents: boolean;
  model: string;
}

export interface ListenBehaviour {
  /** How often interim results are sent while someone speaks (audio time). */
  interimEveryMs: number;
  /** A long utterance is finalised in pieces this long (audio time). */
  finalEveryMs: number;
  confidence: number;
  idleTimeoutMs: number;
}

const UNKNOWN = '(speech the stand-in was not told about)';

interface Utterance {
  match: UtteranceMatch;
  /** Audio time of the first loud sample, and of the last one heard so far. */
  startSec: number;
  lastLoudSec: number;
  finalized: number;
  lastInterimSec: number;
  lastFinalSec: number;
}

/** Each result as it is sent, for benchmarks: where in the audio it was sent, and what it said. */
export type ResultObserver = (result: {
  connection: number;
  isFinal: boolean;
  speechFinal: boolean;
  text: string;
  /** Audio time of the stream when it was sent, and of the utterance's last loud sample so far. */
  audioSec: number;
  lastLoudSec: number | null;
}) => void;

export class ListenConnection {
  readonly requestId = randomUUID();
  /** Final transcripts this connection sent (for assertions). */
  readonly finals: string[] = [];
  interims = 0;
  private carry: Buffer = Buffer.alloc(0);
  private samples = 0;
  private utterance: Utterance | null = null;
  private lastWordEndSec: number | null = null;
  /** Where the next result's window begins: results tile the audio, each final moving this on. */
  private cursorSec = 0;
  private idle: NodeJS.Timeout | null = null;
  closed = false;

  constructor(
    readonly id: number,
    private readonly ws: WebSocket,
    readonly params: ListenParams,
    private readonly oracle: SpeechOracle,
    private readonly behaviour: ListenBehaviour,
    private readonly onClose: () => void,
    private readonly observe?: ResultObserver,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', () => this.end());
    this.touch();
  }

  get audioSeconds(): number {
    return this.samples / this.params.sampleRate;
  }

  /** A network failure: the connection is gone without a close handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  private end(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idle) clearTimeout(this.idle);
    this.onClose();
  }

  private touch(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => {
      this.ws.close(1011, 'NET-0001: Deepgram did not receive audio data or a text message within the timeout window.');
    }, this.behaviour.idleTimeoutMs);
  }

  private send(message: Record<string, unknown>): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    this.touch();
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      this.onAudio(bytes);
      return;
    }
    let message: { type?: unknown };
    try {
      message = JSON.parse(bytes.toString('utf8'));
    } catch {
      return;
    }
    if (message.type === 'Finalize') this.settle({ fromFinalize: true, endpoint: false });
    else if (message.type === 'CloseStream') {
      this.settle({ fromFinalize: false, endpoint: true });
      this.send({
        type: 'Metadata',
        transaction_key: 'deprecated',
        request_id: this.requestId,
        sha256: '',
        created: new Date().toISOString(),
        duration: this.audioSeconds,
        channels: 1,
      });
      this.ws.close(1000);
    }
  }

  private onAudio(bytes: Buffer): void {
    const all = this.carry.length > 0 ? Buffer.concat([this.carry, bytes]) : bytes;
    const whole = all.length - (all.length % 2);
    this.carry = Buffer.from(all.subarray(whole));
    const pcm = new Int16Array(whole / 2);
    for (let i = 0; i < pcm.length; i++) pcm[i] = all.readInt16LE(i * 2);
    for (const sample of pcm) this.onSample(sample);
  }

  private onSample(sample: number): void {
    const sec = this.samples / this.params.sampleRate;
    this.samples++;
    const loud = Math.abs(sample) > ONSET_LEVEL;
    const u = this.utterance;
    if (!u) {
      if (!loud) {
        this.maybeUtteranceEnd(sec);
        return;
      }
      this.begin(sample, sec);
      if (this.params.vadEvents) this.send({ type: 'SpeechStarted', channel: [0, 1], timestamp: round(sec) });
      return;
    }
    u.match.push(sample);
    if (loud) u.lastLoudSec = sec;
    const known = u.match.best;
    const said = known ? Math.min(known.voicedSeconds, sec - u.startSec) : sec - u.startSec;
    const over = !known || sec - u.startSec >= known.voicedSeconds;
    if (over && this.params.endpointingMs !== false && sec - u.lastLoudSec >= this.params.endpointingMs / 1000) {
      this.settle({ fromFinalize: false, endpoint: true });
      return;
    }
    if (sec - u.lastFinalSec >= this.behaviour.finalEveryMs / 1000 && this.heard(u, said) > u.finalized) {
      this.final(u, this.heard(u, said), { speechFinal: false, fromFinalize: false });
      u.lastFinalSec = sec;
    } else if (this.params.interimResults && sec - u.lastInterimSec >= this.behaviour.interimEveryMs / 1000) {
      u.lastInterimSec = sec;
      const upTo = this.heard(u, said);
      if (upTo > u.finalized) this.results(u, u.finalized, upTo, { isFinal: false, speechFinal: false });
    }
  }

  private begin(sample: number, startSec: number): void {
    const match = this.oracle.follow(this.params.sampleRate);
    match.push(sample);
    this.utterance = {
      match,
      startSec,
      lastLoudSec: startSec,
      finalized: 0,
      lastInterimSec: startSec,
      lastFinalSec: startSec,
    };
  }

  private words(u: Utterance): string[] {
    return (u.match.best?.text ?? UNKNOWN).split(/\s+/).filter(Boolean);
  }

  /** Words said by `said` seconds into the utterance. */
  private heard(u: Utterance, said: number): number {
    const words = this.words(u).length;
    return Math.min(words, Math.floor((words * said) / (u.match.best?.voicedSeconds ?? 1)));
  }

  /** Everything heard so far becomes final (an endpoint, Finalize or CloseStream). */
  private settle(options: { fromFinalize: boolean; endpoint: boolean }): void {
    const u = this.utterance;
    if (!u) return;
    const upTo = options.endpoint ? this.words(u).length : this.heard(u, this.audioSeconds - u.startSec);
    this.final(u, upTo, { speechFinal: options.endpoint && !options.fromFinalize, fromFinalize: options.fromFinalize });
    if (options.endpoint) {
      this.lastWordEndSec = this.wordEnd(u, this.words(u).length - 1);
      this.utterance = null;
    }
  }

  private final(u: Utterance, upTo: number, options: { speechFinal: boolean; fromFinalize: boolean }): void {
    this.results(u, u.finalized, upTo, {
      isFinal: true,
      speechFinal: options.speechFinal,
      fromFinalize: options.fromFinalize,
    });
    u.finalized = upTo;
  }

  private maybeUtteranceEnd(sec: number): void {
    if (this.lastWordEndSec === null || this.params.utteranceEndMs === null) return;
    if (sec - this.lastWordEndSec < this.params.utteranceEndMs / 1000) return;
    this.send({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: round(this.lastWordEndSec) });
    this.lastWordEndSec = null;
  }

  private wordEnd(u: Utterance, i: number): number {
    const each = (u.match.best?.voicedSeconds ?? 1) / Math.max(1, this.words(u).length);
    return u.startSec + (i + 1) * each;
  }

  private results(
    u: Utterance,
    from: number,
    to: number,
    flags: { isFinal: boolean; speechFinal: boolean; fromFinalize?: boolean },
  ): void {
    const all = this.words(u);
    const each = (u.match.best?.voicedSeconds ?? 1) / Math.max(1, all.length);
    const words = all.slice(from, to).map((w, i) => ({
      word: w.toLowerCase().replace(/[^a-z0-9']/g, ''),
      start: round(u.startSec + (from + i) * each),
      end: round(u.startSec + (from + i + 1) * each),
      confidence: this.behaviour.confidence,
      punctuated_word: w,
    }));
    const transcript = words.map((w) => w.punctuated_word).join(' ');
    // The window from the end of the last final result to the audio heard so far.
    const start = round(this.cursorSec);
    const end = round(this.audioSeconds);
    if (flags.isFinal) {
      this.finals.push(transcript);
      this.cursorSec = this.audioSeconds;
    } else this.interims++;
    this.observe?.({
      connection: this.id,
      isFinal: flags.isFinal,
      speechFinal: flags.speechFinal,
      text: transcript,
      audioSec: this.audioSeconds,
      lastLoudSec: u.lastLoudSec,
    });
    this.send({
      type: 'Results',
      channel_index: [0, 1],
      duration: round(end - start),
      start,
      is_final: flags.isFinal,
      speech_final: flags.speechFinal,
      from_finalize: flags.fromFinalize ?? false,
      channel: {
        alternatives: [{ transcript, confidence: words.length > 0 ? this.behaviour.confidence : 0, words }],
      },
      metadata: {
        request_id: this.requestId,
        model_info: { name: this.params.model, version: 'standin', arch: 'standin' },
        model_uuid: '00000000-0000-0000-0000-000000000000',
      },
    });
  }
}

const round = (sec: number) => Math.round(sec * 1000) / 1000;
