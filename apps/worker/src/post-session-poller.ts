import { type Context, createCaller } from '@hybridcoach/api';
import type { Logger } from '@hybridcoach/config';
import type PgBoss from 'pg-boss';
import { POST_SESSION_QUEUE, type PostSessionData } from './jobs/post-session';
import { startPoller } from './poller';

/**
 * Turns completed sessions' PostSessionRequest rows (written by whichever path completed them:
 * the web server has no pg-boss) into pg-boss jobs whose id is the request's current job id.
 * Sending comes before marking, and pg-boss ignores a second send of the same id, so a crash in
 * between neither loses nor doubles the work.
 */
export function startPostSessionPoller(deps: {
  boss: PgBoss;
  context: () => Context;
  intervalSeconds: number;
  logger: Logger;
}): { stop(): Promise<void> } {
  return startPoller({
    intervalSeconds: deps.intervalSeconds,
    logger: deps.logger,
    failure: 'could not queue post-session work',
    tick: async () => {
      const api = createCaller(deps.context()).postSession;
      const pending = await api.pending();
      if (pending.length === 0) return;
      for (const request of pending) {
        const data: PostSessionData = { requestId: request.id, jobId: request.jobId };
        await deps.boss.send(POST_SESSION_QUEUE, data, { id: request.jobId });
      }
      await api.markQueued({ jobs: pending.map((r) => ({ id: r.id, jobId: r.jobId })) });
      deps.logger.info({ sessions: pending.map((r) => r.appointmentId) }, 'post-session work queued');
    },
  });
}
