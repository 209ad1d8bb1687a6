import { type Context, createCaller } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type PgBoss from 'pg-boss';
import { SKOOL_SYNC_QUEUE, type SkoolSyncData } from './jobs/skool-sync';
import { startPoller } from './poller';

/**
 * Turns an admin's "sync now" (a SkoolSyncRequest row: the web server has no pg-boss) into a
 * pg-boss job whose id is the request's id. Sending comes before marking, and a second send of
 * the same id is ignored by pg-boss, so a crash in between neither loses nor doubles a request.
 */
export function startSyncRequestPoller(deps: {
  boss: PgBoss;
  context: () => Context;
  intervalSeconds: number;
  logger: Logger;
}): { stop(): Promise<void> } {
  return startPoller({
    intervalSeconds: deps.intervalSeconds,
    logger: deps.logger,
    failure: 'could not queue sync-now requests',
    tick: async () => {
      const api = createCaller(deps.context()).skool;
      const pending = await api.pendingSyncRequests();
      if (pending.length === 0) return;
      for (const request of pending) {
        const data: SkoolSyncData = { community: request.community, requestId: request.id };
        await deps.boss.send(SKOOL_SYNC_QUEUE, data, { id: request.id });
      }
      await api.markSyncRequestsQueued({ ids: pending.map((r) => r.id) });
      deps.logger.info({ requests: pending.map((r) => r.id) }, 'sync-now requests queued');
    },
  });
}
