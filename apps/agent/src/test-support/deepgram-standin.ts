import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { VoiceAgentSettings } from '../assistant/voice-settings';
import { SpeechOracle } from './speech-oracle';
import { type ListenBehaviour, ListenConnection, type ListenParams, type ResultObserver } from './standin-listen';
import { type AgentBehaviour, AgentConnection } from './standin-voice-agent';

/**
 * A local stand-in for Deepgram, speaking its WebSocket protocols, that the real SDK is pointed
 * at: live speech-to-text (`/v1/listen`, standin-listen.ts) and the Voice Agent
 * (`/v1/agent/converse`, standin-voice-agent.ts). Both check `Authorization: Token <key>` in
 * the handshake (401 otherwise); `/v1/listen` answers 400 when raw audio comes without
 * `encoding` and `sample_rate`. It cannot recognise speech: tests register what their audio says
 * (`hear`), and the stand-in finds each utterance in the audio it receives.
 */

export interface StandinOptions {
  apiKey: string;
  reply?: (userText: string) => string;
  replyAudioMs?: number;
  thinkMs?: number;
  listen?: Partial<ListenBehaviour>;
}

export interface EmittedText {
  role: 'user' | 'assistant';
  content: string;
  connection: number;
}

export class DeepgramStandin {
  readonly oracle = new SpeechOracle();
  /** Every Settings message applied, in order. */
  readonly settings: VoiceAgentSettings[] = [];
  /** Every ConversationText sent. */
  readonly emitted: EmittedText[] = [];
  readonly injected: { kind: 'user' | 'agent'; content: string; connection: number }[] = [];
  readonly refused: string[] = [];
  readonly listens: ListenConnection[] = [];
  agentConnections: AgentConnection[] = [];
  unauthorized = 0;
  reply: (userText: string) => string;
  replyAudioMs: number;
  thinkMs: number;
  readonly listenBehaviour: ListenBehaviour;
  /** Sees every speech-to-text result as it is sent (benchmarks). */
  observeResults: ResultObserver | undefined;
  private readonly agents = new Set<AgentConnection>();
  private readonly liveListens = new Set<ListenConnection>();

  private constructor(
    private readonly server: http.Server,
    private readonly wss: WebSocketServer,
    options: StandinOptions,
  ) {
    this.reply =
      options.reply ??
      ((text) =>
        `I hear you: ${text
          .split('\n')
          .at(-1)
          ?.replace(/^[^:]*: /, '')}`);
    this.replyAudioMs = options.replyAudioMs ?? 300;
    this.thinkMs = options.thinkMs ?? 20;
    this.listenBehaviour = {
      interimEveryMs: 250,
      finalEveryMs: 4000,
      confidence: 0.97,
      idleTimeoutMs: 10_000,
      ...options.listen,
    };
  }

  static async start(options: StandinOptions): Promise<DeepgramStandin> {
    const server = http.createServer((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({ noServer: true });
    const standin = new DeepgramStandin(server, wss, options);
    server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://standin');
      const reject = (status: string) => socket.end(`HTTP/1.1 ${status}\r\n\r\n`);
      if (url.pathname !== '/v1/listen' && url.pathname !== '/v1/agent/converse') return reject('404 Not Found');
      if (req.headers.authorization !== `Token ${options.apiKey}`) {
        standin.unauthorized++;
        return reject('401 Unauthorized');
      }
      if (url.pathname === '/v1/agent/converse')
        return wss.handleUpgrade(req, socket, head, (ws) => {
          const c = new AgentConnection(standin.agentConnections.length + 1, ws, () => standin.behaviour(), {
            onText: (connection, role, content) => standin.emitted.push({ role, content, connection }),
            onInjected: (connection, kind, content) => standin.injected.push({ kind, content, connection }),
            onRefused: (_connection, content) => standin.refused.push(content),
            onSettings: (settings) => standin.settings.push(settings),
          });
          standin.agentConnections.push(c);
          standin.agents.add(c);
          ws.on('close', () => standin.agents.delete(c));
        });
      const params = listenParams(url.searchParams);
      if (!params) return reject('400 Bad Request');
      wss.handleUpgrade(req, socket, head, (ws) => {
        const c = new ListenConnection(
          standin.listens.length + 1,
          ws,
          params,
          standin.oracle,
          standin.listenBehaviour,
          () => standin.liveListens.delete(c),
          (result) => standin.observeResults?.(result),
        );
        standin.listens.push(c);
        standin.liveListens.add(c);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return standin;
  }

  private behaviour(): AgentBehaviour {
    return { reply: this.reply, thinkMs: this.thinkMs, replyAudioMs: this.replyAudioMs };
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

  /** Registers what `pcm` says, so that the stand-in transcribes it. */
  hear(pcm: Int16Array, text: string): void {
    this.oracle.register(pcm, text);
  }

  /** Registers a tone (Hz) as saying `text`: for audio that reaches the stand-in through a browser. */
  hearTone(hz: number, text: string): void {
    this.oracle.registerTone(hz, text);
  }

  /** Speech-to-text connections open now. */
  get openListens(): number {
    return this.liveListens.size;
  }

  /** Voice Agent connections open now, with their Settings applied. */
  get liveAgents(): number {
    return [...this.agents].filter((c) => c.settings).length;
  }

  sendAgentError(code: string, description: string): void {
    for (const c of this.agents) c.sendError(code, description);
  }

  /** Drops every connection of a kind without a close handshake, as a network failure would. */
  drop(kind: 'listen' | 'agent'): void {
    if (kind === 'listen') for (const c of this.liveListens) c.terminate();
    else for (const c of this.agents) c.terminate();
  }

  async close(): Promise<void> {
    this.drop('listen');
    this.drop('agent');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The query of a /v1/listen request, or null when Deepgram would refuse it (raw audio needs both). */
function listenParams(query: URLSearchParams): ListenParams | null {
  const sampleRate = Number(query.get('sample_rate'));
  if (query.get('encoding') !== 'linear16' || !Number.isInteger(sampleRate) || sampleRate <= 0) return null;
  const endpointing = query.get('endpointing');
  const utteranceEnd = query.get('utterance_end_ms');
  return {
    sampleRate,
    model: query.get('model') ?? 'base',
    interimResults: query.get('interim_results') === 'true',
    endpointingMs: endpointing === 'false' ? false : endpointing ? Number(endpointing) : 10,
    utteranceEndMs: utteranceEnd ? Number(utteranceEnd) : null,
    vadEvents: query.get('vad_events') === 'true',
  };
}
