import { router, serviceProcedure } from '../core/trpc';
import { storePostSession } from './outcome';
import { failPostSession, markPostSessionsQueued, pendingPostSessions, startPostSession } from './requests';
import { failPostSessionInput, markQueuedInput, postSessionJobInput, storePostSessionInput } from './schemas';

const workerProcedure = serviceProcedure('worker');

/** The worker's post-session job: the draft summary, structured recap and topics of completed sessions. */
export const postSessionRouter = router({
  /** Requests the worker has not turned into jobs yet. */
  pending: workerProcedure.query(({ ctx }) => pendingPostSessions(ctx.db)),
  markQueued: workerProcedure
    .input(markQueuedInput)
    .mutation(({ ctx, input }) => markPostSessionsQueued(ctx.db, input.jobs)),
  /** A run begins: what was said and written, or null when the run is stale. */
  start: workerProcedure
    .input(postSessionJobInput)
    .mutation(({ ctx, input }) => startPostSession(ctx, { ...input, now: ctx.now() })),
  store: workerProcedure
    .input(storePostSessionInput)
    .mutation(({ ctx, input }) => storePostSession(ctx, { ...input, now: ctx.now() })),
  fail: workerProcedure
    .input(failPostSessionInput)
    .mutation(({ ctx, input }) => failPostSession(ctx.db, { ...input, now: ctx.now() })),
});
