import { type ApiClient, createServiceClient } from '@hybridcoach/api/client';
import type { Logger } from '@hybridcoach/config';
import { TRPCClientError } from '@trpc/client';
import { type HealthServer, startHealthServer } from './health-server';

export interface AgentOptions {
  apiUrl: string;
  token: string;
  logger: Logger;
  health: { host: string; port: number };
  /** Backoff between attempts to reach the server; grows ×2 up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

export type ApiState =
  | { status: 'connecting'; attempts: number; lastError: string | null }
  | { status: 'connected'; service: string; since: Date }
  | { status: 'rejected'; reason: string };

export interface RunningAgent {
  api: ApiClient;
  healthPort: number;
  state(): ApiState;
  /** Resolves once the server has accepted (or refused) our token. */
  ready: Promise<ApiState>;
  stop(): Promise<void>;
}

/**
 * The agent process: reaches the server only through the typed tRPC client with its service
 * token (it has no database connection), retries until the server is up, and reports health.
 * Rooms, transcription and persistence build on this (see the agent issue).
 */
export async function startAgent(options: AgentOptions): Promise<RunningAgent> {
  const { logger } = options;
  const api = createServiceClient({ url: options.apiUrl, token: options.token });
  const startedAt = new Date();
  let state: ApiState = { status: 'connecting', attempts: 0, lastError: null };
  let stopped = false;
  let wake: (() => void) | null = null;

  const health: HealthServer = await startHealthServer({
    ...options.health,
    report: () => ({
      healthy: state.status === 'connected',
      service: 'agent',
      startedAt,
      api: state,
      roomsActive: 0,
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
        const code = err instanceof TRPCClientError ? (err.data as { code?: string } | undefined)?.code : undefined;
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

  return {
    api,
    healthPort: health.port,
    state: () => state,
    ready,
    async stop() {
      stopped = true;
      wake?.();
      await ready;
      await health.close();
      logger.info('agent stopped');
    },
  };
}
