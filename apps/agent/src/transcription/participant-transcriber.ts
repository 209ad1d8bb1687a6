import type { DeepgramClient } from '@deepgram/sdk';
import type { V1Socket } from '@deepgram/sdk/listen/v1';
import type { Logger } from '@hybridcoach/config';
import { toBytes } from '../audio/pcm';
import type { AgentCounters } from '../metrics';
import { Backoff, message as errorMessage } from '../retry';
import { sendOn } from '../socket-send';
import { AudioClock } from './audio-clock';
import { UtteranceAssembler } from './utterances';

type ListenSocket = Awaited<ReturnType<DeepgramClient['listen']['v1']['connect']>>;

/** Audio heard at `at`; once sent, `end` is its end in the connection's samples. */
interface Chunk {
  pcm: Int16Array;
  at: number;
  end?: number;
}

export interface TranscriberEvents {
  /** What the participant is saying now (not settled): a live caption. */
  onCaption(text: string, startedAt: Date): void;
  /** An utterance, settled: `spokenAt` is when its first word was heard. */
  onFinal(segment: { content: string; spokenAt: Date; confidence: number | null }): void;
  /** They started speaking (the assistant stops talking over them). */
  onSpeechStarted(): void;
}

export interface TranscriberOptions {
  client: DeepgramClient;
  model: string;
  sampleRate: number;
  logger: Logger;
  counters: AgentCounters;
  retry: { baseMs: number; maxMs: number };
  events: TranscriberEvents;
  /** Audio kept while (re)connecting, and sent but not yet settled, replayed to a new connection. */
  maxBufferedMs?: number;
  /** Deepgram closes a stream after 10 s without data; a KeepAlive goes out after this much quiet. */
  keepAliveMs?: number;
}

/** Silence that ends an utterance (Deepgram's `endpointing`), and the gap that settles one regardless. */
const ENDPOINTING_MS = 300;
const UTTERANCE_END_MS = 1000;
/** How long a closing stream may take to settle its last words (CloseStream → Metadata). */
const CLOSE_TIMEOUT_MS = 3000;

/**
 * One participant's own Deepgram live speech-to-text stream (`/v1/listen`, through the official
 * SDK): their audio only, so whoever is transcribed is who spoke. Interim results become
 * captions, utterances (final pieces up to an endpoint or UtteranceEnd) become segments dated by
 * the audio clock. A lost stream is replaced with backoff. Audio heard meanwhile is kept, and so
 * is audio already sent that Deepgram had not settled (a dying connection swallows what is sent
 * before its loss is noticed): the new stream gets both, up to `maxBufferedMs`. A quiet stream
 * is kept open with KeepAlive. Closing sends CloseStream and waits (briefly) for the last words.
 */
export class ParticipantTranscriber {
  private socket: ListenSocket | null = null;
  private open = false;
  private closed = false;
  private lost = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly keepAlive: NodeJS.Timeout;
  private readonly backoff: Backoff;
  /** Not yet sent to the current connection. */
  private buffered: Chunk[] = [];
  /** Sent to the current connection and not settled by a final result yet. */
  private unsettled: Chunk[] = [];
  /** Samples sent to the current connection (its audio clock). */
  private sentSamples = 0;
  private lastSentAt = Date.now();
  private clock: AudioClock;
  private assembler = new UtteranceAssembler();
  private closing: (() => void) | null = null;

  constructor(private readonly options: TranscriberOptions) {
    this.backoff = new Backoff(options.retry.baseMs, options.retry.maxMs);
    this.clock = new AudioClock(options.sampleRate);
    const keepAliveMs = options.keepAliveMs ?? 4000;
    this.keepAlive = setInterval(() => {
      if (this.open && Date.now() - this.lastSentAt >= keepAliveMs)
        this.send((s) => s.sendKeepAlive({ type: 'KeepAlive' }));
    }, keepAliveMs);
    this.keepAlive.unref();
    void this.connect();
  }

  get state(): 'connecting' | 'live' | 'closed' {
    return this.closed ? 'closed' : this.open ? 'live' : 'connecting';
  }

  /** Audio the participant said just now (mono linear16 at `sampleRate`). */
  push(pcm: Int16Array): void {
    if (this.closed) return;
    this.buffered.push({ pcm, at: Date.now() });
    this.flush();
    this.bound();
  }

  /** Sends what waits, in order, as far as the connection takes it. */
  private flush(): void {
    if (!this.open) return;
    while (this.buffered.length > 0) {
      const chunk = this.buffered[0];
      if (!chunk || !this.sendAudio(chunk)) return;
      this.buffered.shift();
    }
  }

  /** Keeps what waits for a connection within `maxBufferedMs`; the oldest audio goes first. */
  private bound(): void {
    const max = ((this.options.maxBufferedMs ?? 20_000) * this.options.sampleRate) / 1000;
    let samples = 0;
    for (const chunk of this.buffered) samples += chunk.pcm.length;
    while (samples > max && this.buffered.length > 1) samples -= this.buffered.shift()?.pcm.length ?? 0;
  }

  /** Settles what was said (CloseStream, then the last results) and closes the stream. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    if (socket && this.open && this.send((s) => s.sendCloseStream({ type: 'CloseStream' }))) {
      await new Promise<void>((resolve) => {
        const timeout = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        this.closing = () => {
          clearTimeout(timeout);
          resolve();
        };
      });
    }
    this.emit(this.assembler.settle());
    this.socket = null;
    this.open = false;
    socket?.close();
  }

  private sendAudio(chunk: Chunk): boolean {
    if (!this.send((s) => s.sendMedia(toBytes(chunk.pcm)))) return false;
    this.clock.sent(chunk.pcm.length, chunk.at);
    this.sentSamples += chunk.pcm.length;
    this.unsettled.push({ ...chunk, end: this.sentSamples });
    return true;
  }

  /** Deepgram settled the audio up to `sec`: it need not be replayed if the connection is lost. */
  private settledUpTo(sec: number): void {
    const sample = Math.floor(sec * this.options.sampleRate);
    while ((this.unsettled[0]?.end ?? Number.POSITIVE_INFINITY) <= sample) this.unsettled.shift();
  }

  private send(action: (socket: ListenSocket) => void): boolean {
    const sent = sendOn(this.socket, action, this.options.logger, 'transcription');
    if (sent) this.lastSentAt = Date.now();
    return sent;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    let socket: ListenSocket;
    try {
      socket = await this.options.client.listen.v1.connect({
        model: this.options.model,
        encoding: 'linear16',
        sample_rate: this.options.sampleRate,
        channels: 1,
        interim_results: 'true',
        punctuate: 'true',
        smart_format: 'true',
        endpointing: ENDPOINTING_MS,
        utterance_end_ms: UTTERANCE_END_MS,
        vad_events: 'true',
        reconnectAttempts: 0,
        shouldReconnect: () => false,
        connectionTimeoutInSeconds: 10,
      });
    } catch (err) {
      this.lose(errorMessage(err));
      return;
    }
    if (this.closed) return;
    this.socket = socket;
    let gone = false;
    const onGone = (why: string) => {
      if (gone) return;
      gone = true;
      this.closing?.();
      if (this.socket !== socket) return;
      this.socket = null;
      this.open = false;
      socket.close();
      this.lose(why);
    };
    socket.on('open', () => this.onOpen(socket));
    socket.on('message', (m: V1Socket.Response) => this.onMessage(socket, m));
    socket.on('close', (event) =>
      onGone(`connection closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`),
    );
    socket.on('error', (err) => onGone(err.message || 'connection error'));
    socket.connect();
  }

  private onOpen(socket: ListenSocket): void {
    if (socket !== this.socket || this.closed) return;
    this.open = true;
    this.backoff.reset();
    if (this.lost) this.options.counters.transcriptionReconnects++;
    this.lost = false;
    // A new stream's audio time starts again at zero.
    this.clock = new AudioClock(this.options.sampleRate);
    this.assembler = new UtteranceAssembler();
    this.sentSamples = 0;
    this.unsettled = [];
    this.flush();
  }

  /** The stream went away: what was settled so far is kept, and a new one is opened. */
  private lose(reason: string): void {
    this.emit(this.assembler.settle());
    // Audio the lost stream never settled goes again, before what was heard since.
    this.buffered = [...this.unsettled.map(({ pcm, at }) => ({ pcm, at })), ...this.buffered];
    this.unsettled = [];
    this.bound();
    if (this.closed || this.reconnectTimer) return;
    this.lost = true;
    const delay = this.backoff.next();
    this.options.logger.warn({ reason, retryInMs: delay }, 'transcription stream lost; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  private onMessage(socket: ListenSocket, message: V1Socket.Response): void {
    if (socket !== this.socket) return;
    switch (message.type) {
      case 'Results':
        this.emit(this.assembler.results(message));
        if (message.is_final) this.settledUpTo(message.start + message.duration);
        return;
      case 'UtteranceEnd':
        this.emit(this.assembler.utteranceEnd());
        return;
      case 'SpeechStarted':
        this.options.events.onSpeechStarted();
        return;
      case 'Metadata':
        this.options.logger.debug(
          { requestId: message.request_id, seconds: message.duration },
          'transcription stream done',
        );
        this.closing?.();
        return;
      default:
        return;
    }
  }

  private emit(events: ReturnType<UtteranceAssembler['settle']>): void {
    const now = Date.now();
    for (const event of events) {
      const startedAt = this.clock.wallAt(event.startSec, now);
      if (event.kind === 'caption') this.options.events.onCaption(event.text, startedAt);
      else this.options.events.onFinal({ content: event.text, spokenAt: startedAt, confidence: event.confidence });
    }
  }
}
