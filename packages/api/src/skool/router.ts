import { router, serviceProcedure } from '../core/trpc';
import { expireEndedGracePeriods } from './grace-expiry';
import { syncProfilePhotos } from './photo-sync';
import {
  applySnapshotInput,
  finishSyncRequestInput,
  photoSyncInput,
  sourceFailureInput,
  syncRequestIdsInput,
} from './schemas';
import { writeFailure } from './sync-community';
import { finishSyncRequest, markSyncRequestsQueued, pendingSyncRequests, startSyncRequest } from './sync-requests';
import { runSync, warnMembersInGrace } from './sync-runs';

const worker = serviceProcedure('worker');

/** What the worker's Skool jobs call (admins use `admin.skool`). */
export const skoolRouter = router({
  applySnapshot: worker.input(applySnapshotInput).mutation(({ ctx, input }) =>
    runSync(ctx, {
      snapshot: {
        community: input.community,
        takenAt: input.takenAt,
        members: input.members,
        duplicatesMerged: input.duplicatesMerged,
      },
      source: input.source,
      context: input.context,
    }),
  ),
  recordSourceFailure: worker.input(sourceFailureInput).mutation(async ({ ctx, input }) => {
    const logId = await writeFailure(ctx.db, { ...input, now: ctx.now() });
    ctx.logger.warn(
      { community: input.community, source: input.source, logId, error: input.error },
      'Skool source failed',
    );
    return { logId };
  }),
  sendGraceWarnings: worker.mutation(({ ctx }) => warnMembersInGrace(ctx)),
  expireGracePeriods: worker.mutation(({ ctx }) =>
    expireEndedGracePeriods(ctx.db, { now: ctx.now(), adminEmails: ctx.settings.adminEmails }),
  ),
  syncPhotos: worker
    .input(photoSyncInput)
    .mutation(({ ctx, input }) =>
      syncProfilePhotos(
        { db: ctx.db, logger: ctx.logger, photoDir: ctx.settings.photoDir },
        { now: ctx.now(), limit: input.limit },
      ),
    ),
  pendingSyncRequests: worker.query(({ ctx }) => pendingSyncRequests(ctx.db)),
  markSyncRequestsQueued: worker
    .input(syncRequestIdsInput)
    .mutation(async ({ ctx, input }) => ({ queued: await markSyncRequestsQueued(ctx.db, input.ids) })),
  startSyncRequest: worker
    .input(finishSyncRequestInput.pick({ id: true }))
    .mutation(({ ctx, input }) => startSyncRequest(ctx.db, input.id, ctx.now())),
  finishSyncRequest: worker
    .input(finishSyncRequestInput)
    .mutation(({ ctx, input }) => finishSyncRequest(ctx.db, { ...input, now: ctx.now() })),
});
