import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { VoiceAgentSettings } from '../assistant/voice-settings';

/**
 * One `/v1/agent/converse` connection of the Deepgram stand-in: the Voice Agent protocol as
 * documented. `Welcome` on connect; `Settings` → `SettingsApplied` (then the `greeting`, if
 * any, is spoken); `InjectUserMessage` is answered as if the user had said it (their
 * `ConversationText`, then the assistant's, `AgentStartedSpeaking`, binary linear16 speech and
 * `AgentAudioDone`); `InjectAgentMessage` is spoken as given. While the agent is thinking or
 * speaking, an injection is refused with `InjectionRefused` (the `default` behaviour).
 * `KeepAlive` gets no answer; audio (binary) is accepted; anything before `Settings`, and
 * invalid JSON, gets an `Error`.
 */

export interface AgentBehaviour {
  reply: (userText: string) => string;
  /** How long the assistant thinks before it answers an injected user message. */
  thinkMs: number;
  /** Length of the speech sent per answer. */
  replyAudioMs: number;
}

export interface AgentEvents {
  onText(connection: number, role: 'user' | 'assistant', content: string): void;
  onInjected(connection: number, kind: 'user' | 'agent', content: string): void;
  onRefused(connection: number, content: string): void;
  onSettings(settings: VoiceAgentSettings): void;
}

export class AgentConnection {
  settings: VoiceAgentSettings | null = null;
  private busy: 'thinking' | 'speaking' | null = null;
  private speaking: NodeJS.Timeout | null = null;
  audioBytes = 0;

  constructor(
    readonly id: number,
    private readonly ws: WebSocket,
    private readonly behaviour: () => AgentBehaviour,
    private readonly events: AgentEvents,
  ) {
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('close', () => this.stopSpeaking());
    this.send({ type: 'Welcome', request_id: randomUUID() });
  }

  terminate(): void {
    this.ws.terminate();
  }

  sendError(code: string, description: string): void {
    this.send({ type: 'Error', code, description });
  }

  private send(message: Record<string, unknown>): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify(message));
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      if (!this.settings) this.sendError('SETTINGS_REQUIRED', 'Send Settings before audio.');
      else this.audioBytes += bytes.length;
      return;
    }
    let message: { type?: unknown; content?: unknown; message?: unknown };
    try {
      message = JSON.parse(bytes.toString('utf8'));
    } catch {
      this.sendError('INVALID_JSON', 'Messages must be JSON.');
      return;
    }
    if (message.type === 'KeepAlive') return;
    if (message.type === 'Settings') {
      this.applySettings(message as VoiceAgentSettings);
      return;
    }
    if (!this.settings) {
      this.sendError('SETTINGS_REQUIRED', 'Send Settings first.');
      return;
    }
    if (message.type === 'InjectUserMessage' && typeof message.content === 'string') {
      this.events.onInjected(this.id, 'user', message.content);
      if (this.refuse(message.content)) return;
      this.text('user', message.content);
      const reply = this.behaviour().reply(message.content);
      this.busy = 'thinking';
      this.send({ type: 'AgentThinking', content: '' });
      setTimeout(() => {
        if (this.ws.readyState === this.ws.OPEN) this.speak(reply);
      }, this.behaviour().thinkMs);
      return;
    }
    if (message.type === 'InjectAgentMessage' && typeof message.message === 'string') {
      this.events.onInjected(this.id, 'agent', message.message);
      if (this.refuse(message.message)) return;
      this.speak(message.message);
      return;
    }
    this.sendError('UNSUPPORTED', `Unsupported message type ${String(message.type)}.`);
  }

  private applySettings(settings: VoiceAgentSettings): void {
    if (settings.audio?.input?.encoding !== 'linear16' || !settings.agent?.think) {
      this.sendError('INVALID_SETTINGS', 'Settings need audio.input (linear16) and agent.think.');
      return;
    }
    this.settings = settings;
    this.events.onSettings(settings);
    this.send({ type: 'SettingsApplied' });
    if (settings.agent.greeting) this.speak(settings.agent.greeting);
  }

  private refuse(content: string): boolean {
    if (!this.busy) return false;
    this.events.onRefused(this.id, content);
    this.send({
      type: 'InjectionRefused',
      message: `Cannot inject message while agent is currently ${this.busy}`,
    });
    return true;
  }

  private text(role: 'user' | 'assistant', content: string): void {
    this.events.onText(this.id, role, content);
    this.send({ type: 'ConversationText', role, content });
  }

  /**
   * The assistant's turn: its text, then its speech in 100 ms chunks paced in real time (the turn
   * lasts as long as it speaks), then AgentAudioDone.
   */
  private speak(text: string): void {
    this.text('assistant', text);
    this.busy = 'speaking';
    this.send({ type: 'AgentStartedSpeaking', total_latency: 0.2, tts_latency: 0.1, ttt_latency: 0.1 });
    this.stopSpeaking();
    const rate = this.settings?.audio.output?.sample_rate ?? 24_000;
    const chunk = rate / 10;
    let left = Math.max(1, Math.round(this.behaviour().replyAudioMs / 100));
    let phase = 0;
    this.speaking = setInterval(() => {
      const pcm = new Int16Array(chunk);
      for (let i = 0; i < chunk; i++) pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 220 * phase++) / rate));
      // An odd number of bytes per message, as a network may cut a stream: the client must keep
      // the stray byte for the next message.
      if (this.ws.readyState === this.ws.OPEN) this.ws.send(Buffer.from(pcm.buffer).subarray(0, pcm.byteLength - 1));
      if (this.ws.readyState === this.ws.OPEN) this.ws.send(Buffer.from(pcm.buffer).subarray(pcm.byteLength - 1));
      if (--left === 0) {
        this.stopSpeaking();
        this.busy = null;
        this.send({ type: 'AgentAudioDone' });
      }
    }, 100);
  }

  private stopSpeaking(): void {
    if (this.speaking) clearInterval(this.speaking);
    this.speaking = null;
  }
}
