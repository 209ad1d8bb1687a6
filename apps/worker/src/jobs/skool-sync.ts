import { createCaller, httpMembersSource } from '@hybridcoach/api';
import type { Community } from '@hybridcoach/db';
import { defineJob } from './job';

export const SKOOL_SYNC_QUEUE = 'skool.sync';
export const SKOOL_SYNC_ALL_QUEUE = 'skool.sync-all';

export interface SkoolSyncData {
  community: Community;
  /** The admin's "sync now" request this job runs, if any. */
  requestId?: string;
}

// Shown to the admin on the Skool page: what to do, not the server's settings.
const NO_ENDPOINT = 'There is no members endpoint to pull from. Upload the members CSV exported from Skool instead.';

/**
 * Reads one community from the members endpoint and syncs it. An endpoint that cannot be
 * reached is logged as a failed sync and thrown (pg-boss retries with backoff); a list that
 * cannot be read is logged and not retried (retrying reads the same list). A "sync now"
 * request is marked running, then done or failed, for the admin page.
 */
export const skoolSyncJob = defineJob<SkoolSyncData>({
  queue: SKOOL_SYNC_QUEUE,
  cron: null,
  async run(ctx, data, { config }) {
    const api = createCaller(ctx).skool;
    const finish = async (status: 'done' | 'failed', logId: number | null, error: string | null) => {
      if (data.requestId) await api.finishSyncRequest({ id: data.requestId, status, logId, error });
    };
    if (data.requestId) await api.startSyncRequest({ id: data.requestId });
    if (!config.membersEndpoint) {
      ctx.logger.warn('a sync was asked for, but SKOOL_MEMBERS_URL is not set');
      await finish('failed', null, NO_ENDPOINT);
      return { status: 'not-configured' };
    }
    const started = performance.now();
    const source = httpMembersSource(config.membersEndpoint, data.community, { now: ctx.now });
    let observations: Awaited<ReturnType<typeof source.read>>;
    try {
      observations = await source.read();
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const { logId } = await api.recordSourceFailure({
        community: data.community,
        source: 'http',
        error,
        durationMs: Math.round(performance.now() - started),
      });
      await finish('failed', logId, error);
      throw err;
    }
    const results = [];
    for (const observation of observations) {
      if (observation.kind === 'unreadable') {
        const { logId } = await api.recordSourceFailure({
          community: data.community,
          source: 'http',
          error: observation.error,
          durationMs: Math.round(performance.now() - started),
        });
        await finish('failed', logId, observation.error);
        results.push({ status: 'unreadable', logId });
        continue;
      }
      if (observation.kind !== 'snapshot') continue;
      try {
        const outcome = await api.applySnapshot({
          ...observation.snapshot,
          source: 'http',
          context: { requestId: data.requestId ?? null, endpoint: observation.origin },
        });
        await finish(outcome.status === 'applied' ? 'done' : 'failed', outcome.logId, outcome.message);
        results.push({ status: outcome.status, logId: outcome.logId, counts: outcome.counts });
      } catch (err) {
        await finish('failed', null, err instanceof Error ? err.message : String(err));
        throw err;
      }
    }
    return results;
  },
});

/** SKOOL_SYNC_CRON: one sync job per community (two at once are serialised by the Skool lock). */
export const skoolSyncAllJob = defineJob<object>({
  queue: SKOOL_SYNC_ALL_QUEUE,
  cron: null, // the worker schedules it with SKOOL_SYNC_CRON when an endpoint is configured
  async run(_ctx, _data, { config, send }) {
    if (!config.membersEndpoint) return { skipped: 'no members endpoint' };
    const communities: Community[] = ['ultra', 'vagus'];
    const sent = await Promise.all(communities.map((community) => send(SKOOL_SYNC_QUEUE, { community })));
    return { sent: sent.filter(Boolean).length };
  },
});
