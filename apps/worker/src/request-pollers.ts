import { type Context, createCaller } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type PgBoss from 'pg-boss';
import { POST_SESSION_QUEUE, type PostSessionData } from './jobs/post-session';
import { EXPORT_QUEUE, type ExportData } from './jobs/privacy';
import { SKOOL_SYNC_QUEUE, type SkoolSyncData } from './jobs/skool-sync';
import { startPoller } from './poller';

/**
 * Work the web server asks for by writing a row (it runs no pg-boss), turned into pg-boss jobs
 * whose id is the row's: sending comes before marking, and pg-boss ignores a second send of the
 * same id, so a crash in between neither loses nor doubles a request.
 */
interface RequestKind<Row> {
  what: string;
  queue: string;
  pending(api: ReturnType<typeof createCaller>): Promise<Row[]>;
  job(row: Row): { id: string; data: object };
  /** Rows that stay pending until marked (an export is pending until its job takes it). */
  markQueued?(api: ReturnType<typeof createCaller>, rows: Row[]): Promise<unknown>;
}

function kind<Row>(definition: RequestKind<Row>): RequestKind<Row> {
  return definition;
}

const syncNow = kind({
  what: 'sync-now requests',
  queue: SKOOL_SYNC_QUEUE,
  pending: (api) => api.skool.pendingSyncRequests(),
  job: (request) => ({
    id: request.id,
    data: { community: request.community, requestId: request.id } satisfies SkoolSyncData,
  }),
  markQueued: (api, rows) => api.skool.markSyncRequestsQueued({ ids: rows.map((r) => r.id) }),
});

const exports = kind({
  what: 'data exports',
  queue: EXPORT_QUEUE,
  pending: (api) => api.privacy.worker.pendingExports(),
  job: ({ id }) => ({ id, data: { exportId: id } satisfies ExportData }),
});

const postSession = kind({
  what: 'post-session work',
  queue: POST_SESSION_QUEUE,
  pending: (api) => api.postSession.pending(),
  // The job id changes when the work is asked again (a transcript arrived after completion).
  job: (request) => ({
    id: request.jobId,
    data: { requestId: request.id, jobId: request.jobId } satisfies PostSessionData,
  }),
  markQueued: (api, rows) => api.postSession.markQueued({ jobs: rows.map((r) => ({ id: r.id, jobId: r.jobId })) }),
});

function startRequestPoller<Row>(
  requests: RequestKind<Row>,
  deps: { boss: PgBoss; context: () => Context; intervalSeconds: number; logger: Logger },
): { stop(): Promise<void> } {
  return startPoller({
    intervalSeconds: deps.intervalSeconds,
    logger: deps.logger,
    failure: `could not queue ${requests.what}`,
    tick: async () => {
      const api = createCaller(deps.context());
      const pending = await requests.pending(api);
      if (pending.length === 0) return;
      const jobs = pending.map((row) => requests.job(row));
      for (const { id, data } of jobs) await deps.boss.send(requests.queue, data, { id });
      await requests.markQueued?.(api, pending);
      deps.logger.info({ jobs: jobs.map((j) => j.id) }, `${requests.what} queued`);
    },
  });
}

/** The three kinds of request the worker polls for; stop() stops them all, finishing a running tick. */
export function startRequestPollers(deps: {
  boss: PgBoss;
  context: (what: string) => Context;
  intervalSeconds: number;
  postSessionIntervalSeconds: number;
  logger: Logger;
}): { stop(): Promise<void> } {
  const common = { boss: deps.boss, logger: deps.logger, intervalSeconds: deps.intervalSeconds };
  const pollers = [
    startRequestPoller(syncNow, { ...common, context: () => deps.context('skool.sync-requests') }),
    startRequestPoller(exports, { ...common, context: () => deps.context('privacy.exports') }),
    startRequestPoller(postSession, {
      ...common,
      intervalSeconds: deps.postSessionIntervalSeconds,
      context: () => deps.context('session.post-session-requests'),
    }),
  ];
  return { stop: async () => void (await Promise.all(pollers.map((p) => p.stop()))) };
}
