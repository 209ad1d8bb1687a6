import type { DeepgramClient } from '@deepgram/sdk';
import type { V1Socket } from '@deepgram/sdk/agent/v1';
import type { Logger } from '@hybridcoach/config';
import type { AgentCounters } from '../metrics';
import { Backoff, message as errorMessage } from '../retry';
import { fromBytes, toBytes } from './pcm';
import type { VoiceAgentSettings } from './voice-settings';

type AgentSocket = Awaited<ReturnType<DeepgramClient['agent']['v1']['connect']>>;
/** What the socket delivers: JSON messages, and the agent's speech as binary (a Blob). */
type ServerMessage = V1Socket.Response | Blob;

export interface VoiceEvents {
  /** Settings were applied: the conversation is live (again). */
  onReady(): void;
  onConversationText(role: 'user' | 'assistant', content: string): void;
  /** Barge-in: stop playing the agent's speech. */
  onUserStartedSpeaking(): void;
  onAgentAudio(pcm: Int16Array): void;
  onAgentAudioDone(): void;
}

export interface VoiceSessionOptions {
  client: DeepgramClient;
  /** Called for every connection, so a reconnect carries the conversation so far. */
  settings: () => VoiceAgentSettings;
  logger: Logger;
  counters: AgentCounters;
  retry: { baseMs: number; maxMs: number };
  inputSampleRate: number;
  events: VoiceEvents;
  /** The API closes idle connections; a KeepAlive goes out when no audio did for this long. */
  keepAliveMs?: number;
  /** Audio kept while (re)connecting, sent once the new connection is live. */
  maxBufferedAudioMs?: number;
}

export type VoiceState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/**
 * One room's conversation with Deepgram's Voice Agent API through the official SDK. The SDK's
 * own reconnection is off (its delays are fixed at seconds and it would not resend Settings);
 * instead every lost connection is replaced with backoff, Settings are sent again on Welcome
 * with the conversation so far, and audio from the gap is buffered. Error messages from the API
 * are logged and counted; they never end the room's session.
 */
export class VoiceSession {
  private socket: AgentSocket | null = null;
  private live = false;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private readonly keepAlive: NodeJS.Timeout;
  private readonly backoff: Backoff;
  private buffered: Int16Array[] = [];
  private bufferedSamples = 0;
  private readonly queuedSpeech: string[] = [];
  private lastSentAt = 0;
  /** Bumped on barge-in: agent audio decoded after it belongs to the interrupted reply. */
  private generation = 0;
  private playback: Promise<void> = Promise.resolve();
  connections = 0;

  constructor(private readonly options: VoiceSessionOptions) {
    this.backoff = new Backoff(options.retry.baseMs, options.retry.maxMs);
    const keepAliveMs = options.keepAliveMs ?? 5000;
    this.keepAlive = setInterval(() => {
      if (this.live && Date.now() - this.lastSentAt >= keepAliveMs)
        this.send((s) => s.sendKeepAlive({ type: 'KeepAlive' }));
    }, keepAliveMs);
    this.keepAlive.unref();
  }

  get state(): VoiceState {
    if (this.closed) return 'closed';
    if (this.live) return 'live';
    return this.connections > 1 ? 'reconnecting' : 'connecting';
  }

  start(): void {
    void this.connect();
  }

  /** Participants' mixed audio (mono linear16 at `inputSampleRate`). */
  sendAudio(pcm: Int16Array): void {
    if (this.closed) return;
    if (this.live && this.socket) {
      if (this.send((s) => s.sendMedia(toBytes(pcm)))) return;
    }
    const max = ((this.options.maxBufferedAudioMs ?? 5000) * this.options.inputSampleRate) / 1000;
    this.buffered.push(pcm);
    this.bufferedSamples += pcm.length;
    while (this.bufferedSamples > max && this.buffered.length > 1) {
      this.bufferedSamples -= this.buffered.shift()?.length ?? 0;
    }
  }

  /** Has the agent say `text` (a timer warning) without waiting to be asked. */
  say(text: string): void {
    if (this.live && this.send((s) => s.sendInjectAgentMessage({ type: 'InjectAgentMessage', message: text }))) return;
    if (this.queuedSpeech.length < 5) this.queuedSpeech.push(text);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.live = false;
    clearInterval(this.keepAlive);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    await this.playback;
  }

  private send(action: (socket: AgentSocket) => void): boolean {
    const socket = this.socket;
    if (!socket) return false;
    try {
      action(socket);
      this.lastSentAt = Date.now();
      return true;
    } catch (err) {
      // The socket closed under us; its close handler schedules the reconnect.
      this.options.logger.debug({ err: errorMessage(err) }, 'voice socket not open');
      return false;
    }
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.connections++;
    let socket: AgentSocket;
    try {
      socket = await this.options.client.agent.v1.connect({
        reconnectAttempts: 0,
        shouldReconnect: () => false,
        connectionTimeoutInSeconds: 10,
      });
    } catch (err) {
      this.scheduleReconnect(errorMessage(err));
      return;
    }
    if (this.closed) return;
    this.socket = socket;
    let gone = false;
    const lost = (why: string) => {
      if (gone) return;
      gone = true;
      if (this.socket === socket) {
        this.socket = null;
        this.live = false;
      }
      socket.close();
      this.scheduleReconnect(why);
    };
    socket.on('message', (m: ServerMessage) => this.onMessage(socket, m));
    socket.on('close', (event) => lost(`connection closed (${event.code})`));
    socket.on('error', (err) => lost(err.message || 'connection error'));
    socket.connect();
  }

  private scheduleReconnect(reason: string): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = this.backoff.next();
    this.options.counters.voiceReconnects++;
    this.options.logger.warn({ reason, retryInMs: delay }, 'Voice Agent connection lost; reconnecting');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  private onMessage(socket: AgentSocket, message: ServerMessage): void {
    if (socket !== this.socket || this.closed) return;
    const { events, logger } = this.options;
    if (message instanceof Blob) {
      const generation = this.generation;
      this.playback = this.playback
        .then(async () => {
          const bytes = await message.arrayBuffer();
          if (generation === this.generation && !this.closed) events.onAgentAudio(fromBytes(bytes));
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
        this.onLive();
        return;
      case 'ConversationText':
        events.onConversationText(message.role === 'assistant' ? 'assistant' : 'user', message.content);
        return;
      case 'UserStartedSpeaking':
        this.generation++;
        events.onUserStartedSpeaking();
        return;
      case 'AgentAudioDone':
        events.onAgentAudioDone();
        return;
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

  private onLive(): void {
    this.live = true;
    this.backoff.reset();
    const audio = this.buffered;
    this.buffered = [];
    this.bufferedSamples = 0;
    for (const pcm of audio) this.sendAudio(pcm);
    for (const text of this.queuedSpeech.splice(0)) this.say(text);
    this.options.events.onReady();
  }
}
