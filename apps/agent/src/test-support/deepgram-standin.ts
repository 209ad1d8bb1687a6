import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { rms } from '../voice/pcm';
import type { VoiceAgentSettings } from '../voice/voice-settings';

/**
 * A local stand-in for Deepgram, speaking its wire protocols, that the real SDK is pointed at:
 *
 * - Voice Agent (`/v1/agent/converse`, WebSocket): Welcome on connect; Settings → SettingsApplied;
 *   binary linear16 audio in, cut into turns by an energy detector; UserStartedSpeaking when a
 *   turn starts (and the agent's speech in progress stops: barge-in); at the end of a turn a
 *   user ConversationText, then the assistant's ConversationText, AgentStartedSpeaking, binary
 *   speech and AgentAudioDone. InjectAgentMessage is spoken the same way. Audio before Settings
 *   gets an Error, as does invalid JSON.
 * - Text intelligence (`POST /v1/read`): a summary and topics in Deepgram's response shape.
 *
 * It cannot recognise speech, so tests say what the next turns contain (`willHear`); the audio
 * they send is real speech, and each turn is found in it by the detector.
 */

export interface EmittedText {
  role: 'user' | 'assistant';
  content: string;
  connection: number;
}

export interface StandinOptions {
  apiKey: string;
  /** The assistant's answer to a user turn. */
  reply?: (userText: string) => string;
  /** Length of the agent speech sent per answer. */
  replyAudioMs?: number;
  /** Frames quieter than this RMS are silence. */
  speechLevel?: number;
  /** Silence that ends a turn. */
  endOfTurnMs?: number;
}

interface Conversation {
  id: number;
  ws: WebSocket;
  settings: VoiceAgentSettings | null;
  inputRate: number;
  outputRate: number;
  pending: Buffer;
  inSpeech: boolean;
  voicedRun: number;
  silentFrames: number;
  speaking: NodeJS.Timeout | null;
}

export class DeepgramStandin {
  readonly settings: VoiceAgentSettings[] = [];
  readonly emitted: EmittedText[] = [];
  readonly injected: string[] = [];
  readonly readRequests: { query: Record<string, string>; text: string }[] = [];
  readonly errorsSent: string[] = [];
  connections = 0;
  audioBytes = 0;
  /** Length of the agent speech sent per answer (changeable between turns). */
  replyAudioMs: number;
  bargeIns = 0;
  unauthorized = 0;
  /** What the next user turns say, in order. */
  private readonly heard: string[] = [];
  private readonly live = new Set<Conversation>();
  readAnswer: { summary: string; topics: { topic: string; confidence_score: number }[] } = {
    summary: 'The client talked about their week.',
    topics: [{ topic: 'Wellbeing', confidence_score: 0.9 }],
  };

  private constructor(
    private readonly server: http.Server,
    private readonly wss: WebSocketServer,
    private readonly options: StandinOptions,
  ) {
    this.replyAudioMs = options.replyAudioMs ?? 300;
  }

  static async start(options: StandinOptions): Promise<DeepgramStandin> {
    const server = http.createServer();
    const wss = new WebSocketServer({ noServer: true });
    const standin = new DeepgramStandin(server, wss, options);
    server.on('request', (req, res) => void standin.onHttp(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/v1/agent/converse')) {
        socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      if (req.headers.authorization !== `Token ${options.apiKey}`) {
        standin.unauthorized++;
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => standin.onConnection(ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standin;
  }

  private get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get agentUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections whose Settings were applied. */
  get liveConnections(): number {
    return [...this.live].filter((c) => c.settings).length;
  }

  willHear(...texts: string[]): void {
    this.heard.push(...texts);
  }

  /** A ConversationText on every live connection, as if Deepgram had produced it. */
  emit(role: 'user' | 'assistant', content: string): void {
    for (const c of this.live) if (c.settings) this.sendText(c, role, content);
  }

  /** An Error message on every connection (the API reports, the connection stays). */
  sendError(code: string, description: string): void {
    for (const c of this.live) this.send(c, { type: 'Error', code, description });
  }

  /** Drops every connection without a close handshake, as a network failure would. */
  dropConnections(): void {
    for (const c of this.live) c.ws.terminate();
  }

  async close(): Promise<void> {
    for (const c of this.live) c.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(ws: WebSocket): void {
    const c: Conversation = {
      id: ++this.connections,
      ws,
      settings: null,
      inputRate: 16_000,
      outputRate: 24_000,
      pending: Buffer.alloc(0),
      inSpeech: false,
      voicedRun: 0,
      silentFrames: 0,
      speaking: null,
    };
    this.live.add(c);
    ws.on('close', () => {
      this.live.delete(c);
      if (c.speaking) clearInterval(c.speaking);
    });
    ws.on('message', (data, isBinary) => this.onMessage(c, data, isBinary));
    this.send(c, { type: 'Welcome', request_id: randomUUID() });
  }

  private send(c: Conversation, message: Record<string, unknown>): void {
    if (c.ws.readyState === c.ws.OPEN) c.ws.send(JSON.stringify(message));
  }

  private reportError(c: Conversation, code: string, description: string): void {
    this.errorsSent.push(code);
    this.send(c, { type: 'Error', code, description });
  }

  private sendText(c: Conversation, role: 'user' | 'assistant', content: string): void {
    this.emitted.push({ role, content, connection: c.id });
    this.send(c, { type: 'ConversationText', role, content });
  }

  private onMessage(c: Conversation, data: RawData, isBinary: boolean): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      if (!c.settings) {
        this.reportError(c, 'SETTINGS_REQUIRED', 'Send Settings before audio.');
        return;
      }
      this.audioBytes += bytes.length;
      this.onAudio(c, bytes);
      return;
    }
    let message: { type?: unknown; message?: unknown };
    try {
      message = JSON.parse(bytes.toString('utf8'));
    } catch {
      this.reportError(c, 'INVALID_JSON', 'Messages must be JSON.');
      return;
    }
    switch (message.type) {
      case 'Settings': {
        const settings = message as VoiceAgentSettings;
        const input = settings.audio?.input;
        if (input?.encoding !== 'linear16' || !settings.agent?.think) {
          this.reportError(c, 'INVALID_SETTINGS', 'Settings need audio.input (linear16) and agent.think.');
          return;
        }
        c.settings = settings;
        c.inputRate = input.sample_rate;
        c.outputRate = settings.audio.output?.sample_rate ?? 24_000;
        this.settings.push(settings);
        this.send(c, { type: 'SettingsApplied' });
        return;
      }
      case 'InjectAgentMessage':
        if (typeof message.message === 'string') {
          this.injected.push(message.message);
          this.answer(c, message.message);
        }
        return;
      case 'KeepAlive':
        return;
      default:
        this.reportError(c, 'UNSUPPORTED', `Unsupported message type ${String(message.type)}.`);
    }
  }

  /** Cuts the audio into 20 ms frames and follows speech and silence. */
  private onAudio(c: Conversation, bytes: Buffer): void {
    c.pending = Buffer.concat([c.pending, bytes]);
    const frameBytes = Math.round(c.inputRate * 0.02) * 2;
    const level = this.options.speechLevel ?? 400;
    const endFrames = Math.ceil((this.options.endOfTurnMs ?? 400) / 20);
    while (c.pending.length >= frameBytes) {
      const frame = new Int16Array(c.pending.buffer.slice(c.pending.byteOffset, c.pending.byteOffset + frameBytes));
      c.pending = c.pending.subarray(frameBytes);
      if (rms(frame) >= level) {
        c.silentFrames = 0;
        c.voicedRun++;
        if (!c.inSpeech && c.voicedRun >= 2) {
          c.inSpeech = true;
          if (c.speaking) {
            // Barge-in: the user talks over the agent, whose speech stops here.
            clearInterval(c.speaking);
            c.speaking = null;
            this.bargeIns++;
          }
          this.send(c, { type: 'UserStartedSpeaking' });
        }
      } else {
        c.voicedRun = 0;
        if (c.inSpeech && ++c.silentFrames >= endFrames) {
          c.inSpeech = false;
          c.silentFrames = 0;
          const text = this.heard.shift() ?? '(speech the stand-in was not told about)';
          this.sendText(c, 'user', text);
          this.answer(c, this.options.reply?.(text) ?? `I hear you: ${text}`);
        }
      }
    }
  }

  /** The assistant's turn: its text, then its speech in 100 ms chunks, then AgentAudioDone. */
  private answer(c: Conversation, text: string): void {
    this.sendText(c, 'assistant', text);
    this.send(c, { type: 'AgentStartedSpeaking', total_latency: 0.2, tts_latency: 0.1, ttt_latency: 0.1 });
    if (c.speaking) clearInterval(c.speaking);
    const chunk = c.outputRate / 10;
    let left = Math.max(1, Math.round(this.replyAudioMs / 100));
    let phase = 0;
    c.speaking = setInterval(() => {
      const pcm = new Int16Array(chunk);
      for (let i = 0; i < chunk; i++)
        pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 220 * phase++) / c.outputRate));
      if (c.ws.readyState === c.ws.OPEN) c.ws.send(Buffer.from(pcm.buffer));
      if (--left === 0) {
        if (c.speaking) clearInterval(c.speaking);
        c.speaking = null;
        this.send(c, { type: 'AgentAudioDone' });
      }
    }, 10);
  }

  private async onHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiUrl);
    if (req.method !== 'POST' || url.pathname !== '/v1/read') {
      res.writeHead(404).end();
      return;
    }
    if (req.headers.authorization !== `Token ${this.options.apiKey}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ err_code: 'INVALID_AUTH' }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let text = '';
    try {
      text = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: unknown }).text ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const query = Object.fromEntries(url.searchParams);
    this.readRequests.push({ query, text });
    const results: Record<string, unknown> = {};
    if (query.summarize) results.summary = { text: this.readAnswer.summary };
    if (query.topics === 'true')
      results.topics = {
        segments: [{ text, start_word: 0, end_word: text.split(/\s+/).length, topics: this.readAnswer.topics }],
      };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        metadata: { request_id: randomUUID(), created: new Date().toISOString(), language: 'en' },
        results,
      }),
    );
  }
}
