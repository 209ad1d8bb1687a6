import path from 'node:path';
import { DeepgramClient } from '@deepgram/sdk';
import { type ApiClient, createServiceClient } from '@hybridcoach/api/client';
import { createMetricsRegistry, type Logger, type OpsServer, startOpsServer } from '@hybridcoach/config';
import { EventSource } from 'eventsource';
import { resolveAgentId } from './agent-id';
import type { DeepgramSettings } from './config';
import { type AgentMetrics, newCounters, registerAgentMetrics } from './metrics';
import { TranscriptOutbox } from './outbox/transcript-outbox';
import { errorCode } from './retry';
import type { TranscriptObserver } from './room/room-session';
import { RoomSupervisor } from './room/room-supervisor';
import type { RoomTransport } from './transport/room-transport';

/** How the agent serves rooms. Without it, the process only authenticates and reports health. */
export interface RoomServiceOptions {
  /** Lease holder name; by default kept in `dataDir` so that a restart is the same agent. */
  agentId?: string | null;
  /** Where transcript journals (and the agent id) live; one directory per agent process. */
  dataDir: string;
  maxRooms: number;
  leaseMs: number;
  claimIntervalMs: number;
  tickMs: number;
  endGraceMs: number;
  shutdownFlushMs: number;
  /** Words that address the assistant (scribe mode). */
  wakePhrase?: string;
  /** An unused Voice Agent connection closes after this (scribe mode). */
  voiceIdleMs?: number;
  /** Backoff for sending transcript batches and other retried calls. */
  retry?: { baseMs: number; maxMs: number };
  /** Null: no voice (text rooms). */
  deepgram: DeepgramSettings | null;
  /** Null: no media rooms are joined, even when the server mints tokens. */
  transport: RoomTransport | null;
  /** Peer-to-peer rooms' microphones through the server's relay (null: not heard). */
  relay?: RoomTransport | null;
  observer?: TranscriptObserver;
}

export interface AgentOptions {
  apiUrl: string;
  token: string;
  logger: Logger;
  /** The health port: /livez, /readyz (also /healthz) and /metrics (METRICS_TOKEN when set). */
  health: { host: string; port: number; metricsToken?: string };
  /** Backoff between attempts to reach the server; grows ×2 up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Each call to the server gives up after this long (then is retried like any failure). */
  requestTimeoutMs?: number;
  rooms?: RoomServiceOptions;
}

export type ApiState =
  | { status: 'connecting'; attempts: number; lastError: string | null }
  | { status: 'connected'; service: string; since: Date }
  | { status: 'rejected'; reason: string };

export interface RunningAgent {
  api: ApiClient;
  healthPort: number;
  /** Null until the server has accepted the token (or when rooms are not served). */
  agentId(): string | null;
  state(): ApiState;
  metrics(): AgentMetrics;
  rooms(): ReturnType<RoomSupervisor['status']>;
  /** Resolves once the server has accepted (or refused) our token. */
  ready: Promise<ApiState>;
  /** Graceful by default; `{ graceful: false }` stops like a killed process (tests). */
  stop(options?: { graceful?: boolean }): Promise<void>;
}

/** Every call gives up after `timeoutMs`; any answer of the server's own (not a 5xx) is noted. */
function watchedFetch(timeoutMs: number, answered: () => void): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
    if (response.status < 500) answered();
    return response;
  };
}

function deepgramClient(settings: DeepgramSettings): DeepgramClient {
  return new DeepgramClient({
    apiKey: settings.apiKey,
    environment: {
      base: settings.apiUrl,
      production: settings.apiUrl.replace(/^http/, 'ws'),
      agent: settings.agentUrl,
      agentRest: settings.apiUrl,
    },
  });
}

/**
 * The agent process: reaches the server only through the typed tRPC client with its service
 * token (it has no database connection), retries until the server is up, reports health and
 * metrics, and — once accepted — serves rooms (see RoomSupervisor).
 */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const { logger } = options;
  let answeredAt: number | null = null;
  const api = createServiceClient({
    url: options.apiUrl,
    token: options.token,
    fetch: watchedFetch(options.requestTimeoutMs ?? 15_000, () => {
      answeredAt = performance.now();
    }),
    EventSource,
  });
  const startedAt = new Date();
  // Not ready once the server has not answered for a lease: by then this agent's rooms may be another's.
  const silentForMs = () => (answeredAt === null ? null : Math.round(performance.now() - answeredAt));
  const answering = () => {
    const silent = silentForMs();
    return !options.rooms || (silent !== null && silent <= options.rooms.leaseMs);
  };
  const counters = newCounters();
  let state: ApiState = { status: 'connecting', attempts: 0, lastError: null };
  let stopped = false;
  let wake: (() => void) | null = null;
  let agentId: string | null = null;
  let supervisor: RoomSupervisor | null = null;
  let outbox: TranscriptOutbox | null = null;

  const metrics = (): AgentMetrics => ({
    ...counters,
    roomsActive: supervisor?.active ?? 0,
    segmentsBuffered: outbox?.buffered ?? 0,
    transcriptionStreams: supervisor?.transcriptionStreams ?? 0,
  });

  const registry = createMetricsRegistry('agent');
  registerAgentMetrics(registry, metrics, options.rooms?.maxRooms ?? 0);
  const health: OpsServer = await startOpsServer({
    ...options.health,
    registry,
    // Ready: the server accepted our token, has answered within a lease, and we are not handing rooms back.
    ready: () => ({
      ready: state.status === 'connected' && !stopped && answering(),
      service: 'agent',
      agentId,
      startedAt,
      api: { ...state, answeredMsAgo: silentForMs() },
      voice: options.rooms?.deepgram ? 'deepgram' : 'off',
      ...metrics(),
      rooms: supervisor?.status() ?? [],
    }),
  });

  const ready = (async (): Promise<ApiState> => {
    let delay = options.retryMs ?? 500;
    while (!stopped) {
      try {
        const me = await api.health.whoami.query();
        state = { status: 'connected', service: me.service, since: new Date() };
        logger.info({ apiUrl: options.apiUrl, service: me.service }, 'agent authenticated with the server');
        return state;
      } catch (err) {
        const code = errorCode(err);
        if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN') {
          state = { status: 'rejected', reason: `the server refused the agent token (${code})` };
          logger.error({ apiUrl: options.apiUrl, code }, 'agent token refused; check AGENT_SERVICE_TOKEN');
          return state;
        }
        const attempts: number = state.status === 'connecting' ? state.attempts + 1 : 1;
        state = {
          status: 'connecting',
          attempts,
          lastError: err instanceof Error ? err.message : String(err),
        };
        logger.warn(
          { apiUrl: options.apiUrl, attempts, retryInMs: delay, err: state.lastError },
          'server not reachable yet',
        );
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        delay = Math.min(delay * 2, options.maxRetryMs ?? 10_000);
      }
    }
    return state;
  })();

  // Rooms are served once the server has accepted the token; journals from an earlier run are
  // replayed first so that their segments keep their place in line.
  const serving = (async () => {
    const rooms = options.rooms;
    if (!rooms || (await ready).status !== 'connected' || stopped) return;
    agentId = await resolveAgentId(rooms.dataDir, rooms.agentId ?? null);
    const retry = rooms.retry ?? { baseMs: 500, maxMs: 15_000 };
    const log = logger.child({ agentId });
    const id = agentId;
    outbox = new TranscriptOutbox({
      dir: path.join(rooms.dataDir, 'transcripts'),
      send: (appointmentId, epoch, segments) =>
        api.agent.appendTranscript.mutate({ appointmentId, agentId: id, epoch, segments }),
      logger: log,
      counters,
      retry,
    });
    await outbox.recover();
    if (stopped) return;
    supervisor = new RoomSupervisor({
      api,
      agentId,
      logger: log,
      counters,
      outbox,
      transport: rooms.transport,
      relay: rooms.relay ?? null,
      deepgram: rooms.deepgram ? { client: deepgramClient(rooms.deepgram), settings: rooms.deepgram } : null,
      tickMs: rooms.tickMs,
      retry,
      wakePhrase: rooms.wakePhrase ?? 'assistant',
      voiceIdleMs: rooms.voiceIdleMs ?? 120_000,
      observer: rooms.observer,
      maxRooms: rooms.maxRooms,
      leaseMs: rooms.leaseMs,
      claimIntervalMs: rooms.claimIntervalMs,
      endGraceMs: rooms.endGraceMs,
    });
    supervisor.start();
    log.info(
      {
        maxRooms: rooms.maxRooms,
        voice: rooms.deepgram
          ? 'Deepgram speech-to-text per participant, Voice Agent when addressed'
          : 'off (no DEEPGRAM_API_KEY)',
        wakePhrase: rooms.wakePhrase ?? 'assistant',
        media: [rooms.transport?.name, rooms.relay?.name].filter(Boolean).join(' + ') || 'none',
      },
      rooms.deepgram
        ? 'agent serving rooms'
        : 'agent serving rooms without voice: timer warnings and transcript persistence (the worker summarises)',
    );
  })().catch((err: unknown) => {
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'agent could not start serving rooms');
  });

  return {
    api,
    healthPort: health.port,
    agentId: () => agentId,
    state: () => state,
    metrics,
    rooms: () => supervisor?.status() ?? [],
    ready,
    async stop(stopOptions = {}) {
      stopped = true;
      wake?.();
      await ready;
      await serving;
      const graceful = stopOptions.graceful ?? true;
      if (supervisor) await supervisor.stop({ graceful, flushMs: options.rooms?.shutdownFlushMs ?? 5000 });
      else await outbox?.close();
      await health.close();
      logger.info({ graceful }, 'agent stopped');
    },
  };
}
