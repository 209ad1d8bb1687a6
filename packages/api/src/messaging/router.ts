import { authedProcedure, roleProcedure, router } from '../core/trpc';
import { RECHECK_MS } from '../session/subscription';
import { threadOverview } from './admin-threads';
import { inboxEvents } from './inbox-stream';
import { inboxEventsInput, markThreadReadInput, sendDirectMessageInput, threadInput } from './schemas';
import { markThreadRead, sendDirectMessage } from './send';
import { readThread } from './thread';
import { listThreads, unreadSummary } from './threads';

/** Messages between sessions: one thread per coach–client relationship. */
export const messagesRouter = router({
  threads: authedProcedure.query(({ ctx }) => listThreads(ctx, ctx.user)),
  unread: authedProcedure.query(({ ctx }) => unreadSummary(ctx, ctx.user)),
  thread: authedProcedure.input(threadInput).query(({ ctx, input }) => readThread(ctx, ctx.user, input)),
  send: authedProcedure
    .input(sendDirectMessageInput)
    .mutation(({ ctx, input }) => sendDirectMessage(ctx, ctx.user, input)),
  markRead: authedProcedure
    .input(markThreadReadInput)
    .mutation(({ ctx, input }) => markThreadRead(ctx, ctx.user, input)),
  /** New messages and unread counts of the caller's threads (SSE); resumes from Last-Event-ID. */
  events: authedProcedure
    .input(inboxEventsInput)
    .subscription(({ ctx, input, signal }) =>
      inboxEvents(ctx, ctx.user, input.lastEventId, signal, { everyMs: RECHECK_MS }),
    ),
  /** Admins: which conversations exist (not what they say). */
  overview: roleProcedure('admin').query(({ ctx }) => threadOverview(ctx.db)),
});
