import type { DeepgramClient } from '@deepgram/sdk';
import type { V1Socket } from '@deepgram/sdk/agent/v1';
import type { Logger } from '@hybridcoach/config';
import { PcmAssembler } from '../audio/pcm';
import type { AgentCounters } from '../metrics';
import { Backoff, message as errorMessage } from '../retry';
import { sendOn } from '../socket-send';
import type { VoiceAgentSettings } from './voice-settings';

type AgentSocket = Awaited<ReturnType<DeepgramClient['agent']['v1']['connect']>>;
/** What the socket delivers: JSON messages, and the agent's speech as binary (a Blob). */
type ServerMessage = V1Socket.Response | Blob;

export interface VoiceAgentEvents {
  /** The assistant said this (an answer, a greeting, a warning): one AI segment. */
  onAssistantText(content: string): void;
  /** Its speech, to play into the room (mono, the Settings' output rate). */
  onAudio(pcm: Int16Array): void;
  /** It started (true) or finished (false) a turn: thinking, then speaking. */
  onBusy(busy: boolean): void;
}

export interface VoiceAgentOptions {
  client: DeepgramClient;
  /** Called for every connection: the conversation so far goes with it. */
  settings: () => VoiceAgentSettings;
  logger: Logger;
  counters: AgentCounters;
  retry: { baseMs: number; maxMs: number };
  events: VoiceAgentEvents;
  /** Stay connected (a conversational session) rather than close after `idleMs` unused. */
  keepOpen: () => boolean;
  idleMs: number;
  /** The API closes idle connections; a KeepAlive goes out when nothing else did for this long. */
  keepAliveMs?: number;
}

interface Injection {
  kind: 'user' | 'agent';
  /** Made when it is sent: a user message quotes what the assistant has not heard by then. */
  text: string | (() => string);
  /** Give up on it after this (a warning is stale by then). */
  until: number;
}

/** How long an injection may go unconfirmed (no ConversationText, no refusal). */
const IN_FLIGHT_TIMEOUT_MS = 15_000;

export type VoiceAgentState = 'idle' | 'connecting' | 'live' | 'closed';

/**
 * The assistant's voice: Deepgram's Voice Agent API through the official SDK, used without
 * sending it any audio. People are transcribed on their own streams; what the assistant should
 * answer is injected as a user message (`InjectUserMessage`), what it must say (a timer warning)
 * as an agent message (`InjectAgentMessage`). One injection is in flight at a time: one the API
 * refuses (`InjectionRefused`: it is busy with a turn) is sent again once the turn is over.
 *
 * The connection opens when there is something to say, and closes after `idleMs` unused unless
 * `keepOpen()`; a lost connection is replaced with backoff while there is work or it should stay
 * open, with the conversation so far in its Settings. The SDK's own reconnection is off.
 */
export class VoiceAgent {
  private socket: AgentSocket | null = null;
  private live = false;
  private closed = false;
  private connecting = false;
  /** A connection was lost (not closed by us): the next live one is a reconnection. */
  private lost = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly backoff: Backoff;
  private readonly queue: Injection[] = [];
  /** Sent, not yet said (or answered); `accepted`: the API took the question (its echo came back). */
  private inFlight: (Injection & { text: string; accepted?: boolean }) | null = null;
  private inFlightSince = 0;
  private busy = false;
  private lastUsedAt = Date.now();
  private lastSentAt = 0;
  private readonly pcm = new PcmAssembler();
  /** Bumped by `interrupt()`: speech decoded after it belongs to the interrupted turn. */
  private generation = 0;
  private playback: Promise<void> = Promise.resolve();

  constructor(private readonly options: VoiceAgentOptions) {
    this.backoff = new Backoff(options.retry.baseMs, options.retry.maxMs);
    const keepAliveMs = options.keepAliveMs ?? 5000;
    this.timer = setInterval(() => this.housekeep(keepAliveMs), Math.min(keepAliveMs, 1000));
    this.timer.unref();
  }

  get state(): VoiceAgentState {
    if (this.closed) return 'closed';
    if (this.live) return 'live';
    return this.connecting || this.reconnectTimer ? 'connecting' : 'idle';
  }

  /** Connects now (a conversational session starts with the greeting). */
  open(): void {
    this.lastUsedAt = Date.now();
    void this.connect();
  }

  /**
   * Has the assistant answer what was said to it. `text` is made when the message is sent (after
   * the Settings of a new connection, which carry the conversation up to the question), so it
   * quotes exactly what the assistant has not heard.
   */
  ask(text: () => string): void {
    this.enqueue({ kind: 'user', text, until: Date.now() + 60_000 });
  }

  /** Has the assistant say `text` as it is (a timer warning); dropped if still unsaid after `validMs`. */
  say(text: string, validMs = 60_000): void {
    this.enqueue({ kind: 'agent', text, until: Date.now() + validMs });
  }

  /** Someone talks over the assistant: the rest of its current speech is not played. */
  interrupt(): void {
    this.generation++;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    clearInterval(this.timer);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    await this.playback;
  }

  private enqueue(item: Injection): void {
    if (this.closed) return;
    this.queue.push(item);
    this.lastUsedAt = Date.now();
    if (this.live) this.pump();
    else void this.connect();
  }

  private pump(): void {
    if (!this.live || this.inFlight || this.busy) return;
    const now = Date.now();
    while (this.queue.length > 0 && (this.queue[0]?.until ?? 0) < now) {
      const stale = this.queue.shift();
      this.options.logger.warn({ text: stale?.text }, 'the assistant could not say this in time; dropped');
    }
    const queued = this.queue.shift();
    if (!queued) return;
    const next = { ...queued, text: typeof queued.text === 'string' ? queued.text : queued.text() };
    const text = next.text;
    const sent = this.send((s) =>
      next.kind === 'user'
        ? s.sendInjectUserMessage({ type: 'InjectUserMessage', content: text })
        : s.sendInjectAgentMessage({ type: 'InjectAgentMessage', message: text }),
    );
    if (sent) {
      this.inFlight = next;
      this.inFlightSince = now;
    } else this.queue.unshift(next);
  }

  private send(action: (socket: AgentSocket) => void): boolean {
    const sent = sendOn(this.socket, action, this.options.logger, 'voice');
    if (sent) this.lastSentAt = Date.now();
    return sent;
  }

  private housekeep(keepAliveMs: number): void {
    if (this.closed || !this.live) return;
    const now = Date.now();
    // Neither taken (its ConversationText) nor refused: do not wait for it forever.
    if (this.inFlight && now - this.inFlightSince > IN_FLIGHT_TIMEOUT_MS) {
      this.options.logger.warn({ text: this.inFlight.text }, 'the Voice Agent never confirmed an injection');
      this.inFlight = null;
      this.pump();
    }
    const idle = !this.inFlight && !this.busy && this.queue.length === 0;
    if (idle && !this.options.keepOpen() && now - this.lastUsedAt >= this.options.idleMs) {
      this.options.logger.debug('closing the unused Voice Agent connection');
      this.disconnect();
      return;
    }
    if (now - this.lastSentAt >= keepAliveMs) this.send((s) => s.sendKeepAlive({ type: 'KeepAlive' }));
  }

  /** Closes the connection on purpose (unused): nothing is lost, nothing reconnects. */
  private disconnect(): void {
    const socket = this.socket;
    this.socket = null;
    this.live = false;
    socket?.close();
  }

  private async connect(): Promise<void> {
    if (this.closed || this.socket || this.connecting || this.reconnectTimer) return;
    this.connecting = true;
    let socket: AgentSocket;
    try {
      socket = await this.options.client.agent.v1.connect({
        reconnectAttempts: 0,
        shouldReconnect: () => false,
        connectionTimeoutInSeconds: 10,
      });
    } catch (err) {
      this.connecting = false;
      this.lose(errorMessage(err));
      return;
    }
    this.connecting = false;
    if (this.closed) return;
    this.socket = socket;
    this.pcm.reset();
    let gone = false;
    const onGone = (why: string) => {
      if (gone) return;
      gone = true;
      const mine = this.socket === socket;
      if (mine) {
        this.socket = null;
        this.live = false;
      }
      socket.close();
      if (mine) this.lose(why);
    };
    socket.on('message', (m: ServerMessage) => this.onMessage(socket, m));
    socket.on('close', (event) => onGone(`connection closed (${event.code})`));
    socket.on('error', (err) => onGone(err.message || 'connection error'));
    socket.connect();
  }

  /** The connection went away under us: a turn in flight (not yet said or answered) goes again on the next one. */
  private lose(reason: string): void {
    if (this.closed) return;
    this.lost = true;
    if (this.inFlight) {
      const { kind, text, until } = this.inFlight;
      this.queue.unshift({ kind, text, until });
    }
    this.inFlight = null;
    this.setBusy(false);
    const wanted = this.queue.length > 0 || this.options.keepOpen();
    if (!wanted || this.reconnectTimer) return;
    const delay = this.backoff.next();
    this.options.logger.warn({ reason, retryInMs: delay }, 'Voice Agent connection lost; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  private setBusy(busy: boolean): void {
    if (this.busy === busy) return;
    this.busy = busy;
    this.options.events.onBusy(busy);
  }

  private onMessage(socket: AgentSocket, message: ServerMessage): void {
    if (socket !== this.socket || this.closed) return;
    const { events, logger } = this.options;
    if (message instanceof Blob) {
      const generation = this.generation;
      this.playback = this.playback
        .then(async () => {
          const pcm = this.pcm.push(await message.arrayBuffer());
          if (generation === this.generation && !this.closed && pcm.length > 0) events.onAudio(pcm);
        })
        .catch((err: unknown) => logger.warn({ err: errorMessage(err) }, 'unreadable agent audio'));
      return;
    }
    if (typeof message === 'string') return;
    switch (message.type) {
      case 'Welcome':
        socket.sendSettings(this.options.settings());
        return;
      case 'SettingsApplied':
        this.live = true;
        this.backoff.reset();
        if (this.lost) this.options.counters.voiceReconnects++;
        this.lost = false;
        this.pump();
        return;
      case 'ConversationText': {
        const flight = this.inFlight;
        if (flight?.kind === 'user') {
          // A question is done when it is answered: the API echoes it (accepted), then the assistant speaks.
          if (message.role === 'user' && message.content === flight.text) flight.accepted = true;
          else if (message.role === 'assistant' && flight.accepted) this.inFlight = null;
        } else if (flight && message.role === 'assistant' && message.content === flight.text) this.inFlight = null;
        if (message.role === 'assistant') events.onAssistantText(message.content);
        return;
      }
      case 'AgentThinking':
        this.setBusy(true);
        return;
      case 'AgentStartedSpeaking':
        this.setBusy(true);
        return;
      case 'AgentAudioDone':
        this.lastUsedAt = Date.now();
        this.setBusy(false);
        this.pump();
        return;
      case 'InjectionRefused': {
        const refused = this.inFlight;
        this.inFlight = null;
        if (refused) this.queue.unshift(refused);
        logger.info({ reason: message.message }, 'the Voice Agent refused an injection; it goes again after this turn');
        // Normally the turn's AgentAudioDone sends it again; this covers a refusal with no turn to wait for.
        if (this.retryTimer) clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.pump();
        }, 1000);
        return;
      }
      case 'Error':
        this.options.counters.voiceErrors++;
        logger.warn({ code: message.code, description: message.description }, 'Voice Agent API reported an error');
        return;
      case 'Warning':
        logger.warn({ code: message.code, description: message.description }, 'Voice Agent API warning');
        return;
      default:
        return;
    }
  }
}
